// Running one job on several cores at once, for the phases that split their work.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace merrow::layout::detail {

/// The machine's core count (at least 1). Asked once: each query reads the system's files.
inline std::size_t core_count() {
    static const std::size_t cores = std::max<unsigned>(std::thread::hardware_concurrency(), 1);
    return cores;
}

/// Threads kept for the life of the process, one fewer than the cores: starting threads for
/// every parallel step cost a 100-node layout several percent of its time. A caller claims
/// whichever helpers are idle and runs its work alone if none is, so nested and concurrent
/// callers (several diagrams laid out at once, a candidate layout's own parallel phases) never
/// wait for each other, only for the helpers they claimed.
class Helpers {
    struct Slot {
        std::mutex mutex;
        std::condition_variable changed;
        std::function<void()> task;
        bool has_task = false; ///< set by the claimer, cleared by the helper when done
        bool stop = false;
        std::atomic<bool> claimed{false};
        std::thread thread;
    };

  public:
    static Helpers& shared() {
        static Helpers helpers(core_count() - 1);
        return helpers;
    }

    /// A helper that has taken a task; wait() returns once the task has finished.
    class Claim {
      public:
        void wait() {
            std::unique_lock lock(slot_->mutex);
            slot_->changed.wait(lock, [&] { return !slot_->has_task; });
            lock.unlock();
            slot_->claimed.store(false, std::memory_order_release);
        }

      private:
        friend class Helpers;
        Slot* slot_ = nullptr;
    };

    /// Hands `task` to an idle helper, if there is one.
    bool try_run(std::function<void()> task, Claim& claim) {
        for (const auto& slot : slots_) {
            if (slot->claimed.exchange(true, std::memory_order_acquire)) {
                continue;
            }
            {
                const std::lock_guard lock(slot->mutex);
                slot->task = std::move(task);
                slot->has_task = true;
            }
            slot->changed.notify_all();
            claim.slot_ = slot.get();
            return true;
        }
        return false;
    }

    Helpers(const Helpers&) = delete;
    Helpers& operator=(const Helpers&) = delete;

    ~Helpers() {
        for (const auto& slot : slots_) {
            {
                const std::lock_guard lock(slot->mutex);
                slot->stop = true;
            }
            slot->changed.notify_all();
            slot->thread.join();
        }
    }

  private:
    explicit Helpers(std::size_t count) {
        for (std::size_t i = 0; i < count; ++i) {
            auto slot = std::make_unique<Slot>();
            try {
                slot->thread = std::thread([s = slot.get()] { serve(*s); });
            } catch (...) {
                break; // no more threads to be had: fewer helpers
            }
            slots_.push_back(std::move(slot));
        }
    }

    static void serve(Slot& slot) {
        std::unique_lock lock(slot.mutex);
        while (true) {
            slot.changed.wait(lock, [&] { return slot.has_task || slot.stop; });
            if (!slot.has_task) {
                return; // stopping
            }
            lock.unlock();
            slot.task();
            lock.lock();
            slot.task = nullptr;
            slot.has_task = false;
            slot.changed.notify_all();
        }
    }

    std::vector<std::unique_ptr<Slot>> slots_;
};

/// Calls work(0) on this thread and work(1) … on idle helpers, up to `workers` in all, and
/// returns when all are done. Helpers may be fewer, or busy: `work` takes its share from a
/// common counter rather than by its index, so those running finish the job between them, and
/// it catches its own exceptions.
template <class Work> void run_on_cores(std::size_t workers, Work&& work) {
    std::vector<Helpers::Claim> claims;
    claims.reserve(workers);
    for (std::size_t t = 1; t < workers; ++t) {
        Helpers::Claim claim;
        if (!Helpers::shared().try_run([&work, t] { work(t); }, claim)) {
            break;
        }
        claims.push_back(claim);
    }
    work(0);
    for (Helpers::Claim& claim : claims) {
        claim.wait();
    }
}

/// Runs job(k, worker) for k in [0, jobs), shared out in batches among the cores when there are
/// at least `enough` jobs (else all on this thread); `worker` < the core count tells which
/// thread runs it. The first exception a worker meets is rethrown here once all are done.
/// Batches of 16 suit many small jobs; a few big ones take one each.
template <class Job>
void share_out(std::size_t jobs, std::size_t enough, Job&& job, std::size_t batch = 16) {
    const std::size_t workers = jobs >= enough ? std::min(core_count(), jobs) : 1;
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> failures(workers);
    run_on_cores(workers, [&](std::size_t worker) {
        try {
            for (std::size_t from = next.fetch_add(batch); from < jobs;
                 from = next.fetch_add(batch)) {
                for (std::size_t k = from; k < std::min(jobs, from + batch); ++k) {
                    job(k, worker);
                }
            }
        } catch (...) {
            failures[worker] = std::current_exception();
        }
    });
    for (const std::exception_ptr& failure : failures) {
        if (failure) {
            std::rethrow_exception(failure);
        }
    }
}

} // namespace merrow::layout::detail

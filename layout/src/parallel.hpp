// Running one job on several cores at once, for the phases that split their work.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace merrow::layout::detail {

/// The machine's core count (at least 1). Asked once: each query reads the system's files.
inline std::size_t core_count() {
    static const std::size_t cores = std::max<unsigned>(std::thread::hardware_concurrency(), 1);
    return cores;
}

/// Calls work(0) on this thread and work(1) … work(workers − 1) on helper threads, and returns
/// when all are done. If no more threads can be had, those already started and this one must
/// finish the job between them: `work` takes its share from a common counter rather than by
/// its index, and catches its own exceptions.
template <class Work> void run_on_cores(std::size_t workers, Work&& work) {
    std::vector<std::thread> helpers;
    helpers.reserve(workers); // before any thread starts: adding one must not reallocate
    try {
        for (std::size_t t = 1; t < workers; ++t) {
            helpers.emplace_back(work, t);
        }
    } catch (...) {
        // No more threads to be had: the ones started and this one do the rest.
    }
    work(0);
    for (std::thread& helper : helpers) {
        helper.join();
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

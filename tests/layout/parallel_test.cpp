#include "parallel.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace merrow::layout::detail;

namespace {

// Runs share_out over `jobs` jobs and counts how often each ran.
std::vector<int> run_counts(std::size_t jobs, std::size_t batch) {
    std::vector<std::atomic<int>> counts(jobs);
    std::atomic<std::size_t> highest_worker{0};
    share_out(
        jobs, 1,
        [&](std::size_t k, std::size_t worker) {
            // Catch's assertions are not thread-safe: checked once back on this thread.
            std::size_t seen = highest_worker.load();
            while (worker > seen && !highest_worker.compare_exchange_weak(seen, worker)) {
            }
            counts[k].fetch_add(1);
        },
        batch);
    CHECK(highest_worker.load() < core_count());
    std::vector<int> result;
    for (const auto& c : counts) {
        result.push_back(c.load());
    }
    return result;
}

} // namespace

TEST_CASE("share_out runs every job exactly once", "[layout][parallel]") {
    for (const std::size_t jobs : {1U, 2U, 3U, 17U, 1000U}) {
        for (const std::size_t batch : {1U, 16U}) {
            CHECK(run_counts(jobs, batch) == std::vector<int>(jobs, 1));
        }
    }
}

TEST_CASE("share_out nested in its own jobs finishes and runs everything", "[layout][parallel]") {
    // The helpers are busy with the outer jobs when the inner ones start: each inner call must
    // then run alone rather than wait for a helper.
    std::atomic<int> inner_runs{0};
    share_out(
        8, 1,
        [&](std::size_t, std::size_t) {
            share_out(
                50, 1, [&](std::size_t, std::size_t) { inner_runs.fetch_add(1); }, 1);
        },
        1);
    CHECK(inner_runs.load() == 8 * 50);
}

TEST_CASE("share_out from several threads at once", "[layout][parallel]") {
    std::atomic<int> runs{0};
    std::vector<std::thread> callers;
    for (int t = 0; t < 4; ++t) {
        callers.emplace_back([&] {
            for (int round = 0; round < 20; ++round) {
                share_out(
                    10, 1, [&](std::size_t, std::size_t) { runs.fetch_add(1); }, 1);
            }
        });
    }
    for (std::thread& caller : callers) {
        caller.join();
    }
    CHECK(runs.load() == 4 * 20 * 10);
}

TEST_CASE("share_out rethrows a job's exception once all jobs are done", "[layout][parallel]") {
    std::atomic<int> runs{0};
    auto throwing = [&] {
        share_out(
            20, 1,
            [&](std::size_t k, std::size_t) {
                runs.fetch_add(1);
                if (k == 3) {
                    throw std::runtime_error("job 3");
                }
            },
            1);
    };
    CHECK_THROWS_WITH(throwing(), "job 3");
    // A worker stops at its first exception; the others go on, so at least job 3 ran.
    CHECK(runs.load() >= 1);
    // The helpers are free again afterwards.
    CHECK(run_counts(100, 1) == std::vector<int>(100, 1));
}

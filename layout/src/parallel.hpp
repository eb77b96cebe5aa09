// Running one job on several cores at once, for the phases that split their work.
#pragma once

#include <cstddef>
#include <thread>
#include <vector>

namespace merrow::layout::detail {

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

} // namespace merrow::layout::detail

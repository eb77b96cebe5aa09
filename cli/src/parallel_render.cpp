#include "parallel_render.hpp"

#include "merrow/cli/files.hpp"
#include "merrow/render/cairo_writer.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

namespace merrow::cli::detail {

ParallelRenderer::ParallelRenderer(unsigned threads)
    : threads_(threads != 0 ? threads : std::max(1U, std::thread::hardware_concurrency())) {}

ParallelRenderer::~ParallelRenderer() = default;

std::vector<RenderJobResult>
ParallelRenderer::render(const std::vector<RenderJob>& jobs,
                         const std::function<void(std::size_t, std::size_t)>& progress) {
    std::vector<RenderJobResult> results(jobs.size());
    const std::size_t workers = std::min<std::size_t>(threads_, jobs.size());
    // Measurers are created on first need: start-up costs a font map each. For PNG and PDF
    // they measure on Cairo's fonts, which the worker's painter then draws with instead of
    // loading them again (RasterOptions::fonts); either kind measures every job alike.
    const bool raster = std::any_of(jobs.begin(), jobs.end(), [](const RenderJob& job) {
        return font_backend_for(job.options.format) == render::FontBackend::cairo;
    });
    while (measurers_.size() < workers) {
        measurers_.push_back(std::make_unique<render::PangoTextMeasurer>(
            raster ? render::FontBackend::cairo : render::FontBackend::freetype));
    }
    std::atomic<std::size_t> next{0};
    std::size_t done = 0;
    std::mutex mutex;
    std::condition_variable changed;

    const auto work = [&](render::PangoTextMeasurer& measurer) {
        while (true) {
            const std::size_t i = next.fetch_add(1);
            if (i >= jobs.size()) {
                return;
            }
            const RenderJob& job = jobs[i];
            RenderJobResult& out = results[i];
            const auto fail = [&out](std::string message) {
                model::Diagnostic d;
                d.message = std::move(message);
                out.result = {};
                out.result.diagnostics.push_back(std::move(d));
            };
            try {
                out.result = cli::render(job.source, job.options, measurer);
                if (out.result.ok && !job.output_path.empty()) {
                    write_file_atomically(job.output_path, out.result.output, out.write_error);
                }
            } catch (const render::CairoUnavailable& e) {
                fail(e.what());
            } catch (const std::exception& e) {
                // A bug in a stage must not take the other diagrams down with it.
                fail(std::string("internal error: ") + e.what());
            }
            {
                const std::lock_guard lock(mutex);
                ++done;
            }
            changed.notify_one();
        }
    };

    std::vector<std::thread> pool;
    pool.reserve(workers);
    for (std::size_t w = 0; w < workers; ++w) {
        pool.emplace_back(work, std::ref(*measurers_[w]));
    }
    {
        std::unique_lock lock(mutex);
        while (done < jobs.size()) {
            changed.wait_for(lock, std::chrono::milliseconds(100));
            if (progress) {
                const std::size_t now = done;
                lock.unlock();
                progress(now, jobs.size());
                lock.lock();
            }
        }
    }
    for (std::thread& t : pool) {
        t.join();
    }
    if (progress) {
        progress(jobs.size(), jobs.size());
    }
    return results;
}

} // namespace merrow::cli::detail

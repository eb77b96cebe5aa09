// Renders many diagrams on all cores: one Pango measurer per worker thread (a measurer is not
// thread-safe; each owns its font map), results in job order.
#pragma once

#include "merrow/cli/pipeline.hpp"
#include "merrow/render/pango_measurer.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace merrow::cli::detail {

struct RenderJob {
    std::string source;
    RenderOptions options;
    /// When set, a successful result is written here atomically by the worker (so the disk
    /// writes run in parallel too).
    std::string output_path;
};

struct RenderJobResult {
    RenderResult result;
    std::string write_error; ///< set when output_path could not be written
};

class ParallelRenderer {
  public:
    /// `threads` 0: one per hardware thread.
    explicit ParallelRenderer(unsigned threads = 0);
    ~ParallelRenderer();
    ParallelRenderer(const ParallelRenderer&) = delete;
    ParallelRenderer& operator=(const ParallelRenderer&) = delete;

    /// Renders every job and returns the results in job order. `progress(done, total)` is
    /// called on the calling thread now and then while the workers run, and once at the end.
    /// Measurers are kept between calls, with their caches (for watch mode).
    std::vector<RenderJobResult>
    render(const std::vector<RenderJob>& jobs,
           const std::function<void(std::size_t, std::size_t)>& progress = {});

    unsigned threads() const { return threads_; }

  private:
    unsigned threads_;
    std::vector<std::unique_ptr<render::PangoTextMeasurer>> measurers_;
};

} // namespace merrow::cli::detail

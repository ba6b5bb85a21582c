//! The `pingshen` binary: tunes glibc's allocator (the static musl builds keep musl's
//! own: BENCHMARKS.md, "The static musl binary"), then hands over to the command line
//! (`admin::cli`).

use std::process::ExitCode;

fn main() -> ExitCode {
    return_big_allocations();
    pingshen::admin::cli::run()
}

/// Large allocations straight from the kernel and back to it when freed. Every login
/// hashes with argon2id in a 19 MiB buffer; with glibc's default, which raises its mmap
/// threshold after such frees, those buffers stay in the heap and a burst of logins left
/// megabytes per session behind (BENCHMARKS.md: 3.5 MiB per session before, about
/// 0.3 MiB after). Setting the threshold fixes it and turns the adjustment off.
fn return_big_allocations() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes an allocator setting; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

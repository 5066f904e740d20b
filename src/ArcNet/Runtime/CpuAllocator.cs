using System.Runtime.InteropServices;

namespace ArcNet.Runtime;

/// <summary>
/// Keeps LibTorch's freed CPU tensors in the process on Linux, where glibc's malloc would hand them back to the kernel.
/// </summary>
/// <remarks>
/// LibTorch has no caching allocator for the CPU: every activation of a training step is a fresh malloc. glibc serves a
/// block above its mmap threshold (32 MB at most; a batch of 128 64-channel 32 x 32 maps is 33.5 MB) with its own mmap
/// and unmaps it on free, so the next step faults every page in again and the kernel zeroes it. Measured on this
/// project's machine, that tripled the time of a 64-channel ConvARC-lite step on one thread, a third of it spent in the
/// kernel (README, Performance). With mmap off for allocations and the heap never trimmed, freed blocks are reused; the
/// price is that the process keeps its peak memory until it exits. Users who tune malloc themselves (GLIBC_TUNABLES or
/// the MALLOC_*_ variables) keep their settings.
/// </remarks>
internal static class CpuAllocator
{
    // glibc's mallopt parameters (malloc.h).
    private const int TrimThreshold = -1;
    private const int MmapMax = -4;

    /// <summary>Whether the process runs with ArcNet's malloc settings (false off glibc, or when the user set their own).</summary>
    internal static bool RetainsFreedMemory { get; private set; }

    /// <summary>Applies the settings on Linux with glibc, unless the environment tunes malloc already; <see cref="TorchRuntime"/> calls it once, when LibTorch loads.</summary>
    internal static void RetainFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || UserTunesMalloc())
            return;
        try
        {
            RetainsFreedMemory = mallopt(MmapMax, 0) == 1 && mallopt(TrimThreshold, int.MaxValue) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // A C library without mallopt: nothing to tune.
        }
    }

    private static bool UserTunesMalloc() =>
        (Environment.GetEnvironmentVariable("GLIBC_TUNABLES") ?? "").Contains("glibc.malloc.", StringComparison.Ordinal) ||
        Environment.GetEnvironmentVariables().Keys.Cast<string>().Any(name => name.StartsWith("MALLOC_", StringComparison.Ordinal));

    [DllImport("libc")]
    private static extern int mallopt(int parameter, int value);
}

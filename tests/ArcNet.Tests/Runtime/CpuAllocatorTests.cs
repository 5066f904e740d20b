using System.Runtime.InteropServices;
using ArcNet.Runtime;
using FluentAssertions;
using TorchSharp;
using Xunit;

namespace ArcNet.Tests.Runtime;

public class CpuAllocatorTests
{
    private const long TensorBytes = 40_000_000;

    [Fact]
    public void A_large_tensor_comes_from_the_heap_not_from_a_mapping_of_its_own()
    {
        TorchRuntime.EnsureAvailable();
        if (!OperatingSystem.IsLinux())
            return; // glibc's malloc is tuned on Linux only.
        CpuAllocator.RetainsFreedMemory.Should().BeTrue("ArcNet tunes glibc's malloc when it loads LibTorch on Linux");
        long mappedBefore = (long)mallinfo2().hblkhd;

        // Above glibc's largest mmap threshold (32 MB): untuned, malloc maps this block alone and unmaps it on free,
        // so every training step faults its pages in again.
        using var tensor = torch.ones(TensorBytes / sizeof(float));

        ((long)mallinfo2().hblkhd - mappedBefore).Should().BeLessThan(TensorBytes, "freed heap memory is reused, never unmapped");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;
    }

    [DllImport("libc")]
    private static extern MallInfo2 mallinfo2();
}

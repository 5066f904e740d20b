using TorchSharp;

namespace ArcNet.Runtime;

/// <summary>
/// Makes sure TorchSharp's native runtime (LibTorch and TorchSharp's glue library) can be used, and
/// explains why when it cannot.
/// </summary>
/// <remarks>
/// TorchSharp reports most native load failures as a <see cref="TypeInitializationException"/> that says
/// only that no backend was found. <see cref="EnsureAvailable"/> finds the real cause (a missing backend
/// package, or a system libstdc++ older than TorchSharp's glue needs) and throws an exception naming it
/// and the fix. Every ArcNet entry point that makes tensors calls it, so calling it yourself is optional;
/// it is cheap after the first call.
/// <para>
/// On Linux with glibc, loading also tells malloc to keep freed memory for reuse instead of unmapping large blocks
/// (LibTorch has no CPU caching allocator; unmapped, every training step faults its activations in again, which made
/// ConvARC-lite train about half as fast). The process then keeps its peak memory until it exits. Set GLIBC_TUNABLES
/// with a glibc.malloc setting, or any MALLOC_*_ environment variable, to keep malloc as you configure it instead.
/// </para>
/// </remarks>
public static class TorchRuntime
{
    private static readonly Lazy<Exception?> LoadFailure = new(TryLoad, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether a CUDA backend is loaded and a GPU is visible.</summary>
    public static bool IsCudaAvailable
    {
        get
        {
            EnsureAvailable();
            return torch.cuda.is_available();
        }
    }

    /// <summary>
    /// The device named "cpu", "cuda" or "cuda:N", checked for use: CUDA must be built in (<c>-p:TorchBackend=cuda</c>) and a GPU present.
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown or the device cannot be used; the message says why.</exception>
    public static torch.Device ParseDevice(string name) => DeviceChoice.Parse(name);

    /// <summary>Loads the native runtime once.</summary>
    /// <exception cref="InvalidOperationException">The native runtime cannot be loaded; the message names the cause and the fix.</exception>
    public static void EnsureAvailable()
    {
        if (LoadFailure.Value is { } failure)
            throw new InvalidOperationException(failure.Message, failure.InnerException);
    }

    private static Exception? TryLoad()
    {
        try
        {
            // The first touch of torch runs its static initialiser, which loads the CPU backend.
            using var probe = torch.zeros(1);
            CpuAllocator.RetainFreedMemory();
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            return new InvalidOperationException(NativeLoadDiagnosis.Explain(AppContext.BaseDirectory), e);
        }
    }
}

using System.Runtime.InteropServices;

namespace ArcNet.Runtime;

/// <summary>
/// Runs a piece of LibTorch work a second time when a native call in it fails, and throws only when it fails again.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 hands LibTorch every number as a finalizable <c>Scalar</c> object that nothing keeps alive during the
/// native call: <c>t * 2.0</c>, <c>a + b</c> (an implicit alpha of 1), Adam's update and batch norm's step counter each
/// make one. When a garbage collection started by another thread lands between the last managed use of such a Scalar and
/// LibTorch reading it, the finalizer frees it under the call, and LibTorch stops with "Expected false to be true, but got
/// false." or "Unknown scalar type." Measured on this project's machine while another thread collected without pause: 4 to
/// 180 failures per million small multiplications, more when the machine was busy; none in 466,000 with 9,320 collections
/// started by the calling thread itself. ArcNet cannot keep TorchSharp's own temporaries alive, so the training loops and
/// every inference pass go through here. The work must be safe to run again: a retried training step trains on the next
/// batch, and a step that failed inside the optimizer's update may move some weights twice in that step, which training
/// absorbs. A failure that repeats is not this race, and is thrown.
/// </remarks>
internal static class NativeRetry
{
    /// <summary>
    /// <paramref name="work"/>'s result; after a LibTorch failure, <paramref name="retrying"/> hears of it and the work runs
    /// once more.
    /// </summary>
    /// <exception cref="ExternalException">LibTorch failed on both attempts: the second failure.</exception>
    internal static T Once<T>(Func<T> work, Action<ExternalException>? retrying = null)
    {
        try
        {
            return work();
        }
        catch (ExternalException failure)
        {
            retrying?.Invoke(failure);
            return work();
        }
    }

    /// <summary>The first line of a LibTorch message (the rest is a native stack trace), for a report.</summary>
    internal static string FirstLine(ExternalException failure) => failure.Message.Split('\n')[0].Trim();
}

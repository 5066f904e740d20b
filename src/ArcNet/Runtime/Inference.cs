using TorchSharp;
using static TorchSharp.torch;

namespace ArcNet.Runtime;

/// <summary>
/// How ArcNet runs a module for answers rather than for training: in eval mode with autograd off, its mode restored
/// after, over many pairs in slices of bounded size, and run once more if LibTorch fails (<see cref="NativeRetry"/>).
/// </summary>
internal static class Inference
{
    /// <summary>Pairs per forward pass in bulk comparisons: large enough to keep the CPU busy, small enough to bound memory.</summary>
    internal const int PairsPerBatch = 2048;

    /// <summary>Runs <paramref name="compute"/> with <paramref name="module"/> in eval mode under no_grad, restoring its previous mode after.</summary>
    internal static T Evaluating<T>(nn.Module module, Func<T> compute) => InEvalMode(module, compute, inferenceMode: false);

    /// <summary>
    /// Like <see cref="Evaluating{T}"/> but under inference mode (no autograd records, no version counters: less work
    /// per native op than no_grad), for the hot inference paths. Tensors it makes are inference tensors: copy one
    /// (<c>clone()</c>) before handing it to code that may modify it in place or differentiate through it.
    /// </summary>
    internal static T Inferring<T>(nn.Module module, Func<T> compute) => InEvalMode(module, compute, inferenceMode: true);

    /// <summary>Applies <paramref name="compute"/> to consecutive slices of <see cref="PairsPerBatch"/> pairs and concatenates the results.</summary>
    internal static Tensor InSlices(Tensor first, Tensor second, Func<Tensor, Tensor, Tensor> compute)
    {
        long pairs = first.shape[0];
        if (pairs <= PairsPerBatch)
            return compute(first, second);
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < pairs; start += PairsPerBatch)
        {
            long end = Math.Min(pairs, start + PairsPerBatch);
            parts.Add(compute(first.narrow(0, start, end - start), second.narrow(0, start, end - start)));
        }
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    private static T InEvalMode<T>(nn.Module module, Func<T> compute, bool inferenceMode)
    {
        bool wasTraining = module.training;
        module.eval();
        try
        {
            using IDisposable guard = inferenceMode ? inference_mode() : no_grad();
            return NativeRetry.Once(compute);
        }
        finally
        {
            module.train(wasTraining);
        }
    }
}

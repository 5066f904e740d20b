using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// A batch of images as a model encodes them for comparison: one or more tensors (B, ...) whose meaning the model
/// defines (an ARC model's first part is always the maps its controller attends over). Models encode every image once
/// and then compare any pairs of encodings, so a one-shot episode runs its trunk on Q + K images rather than 2QK.
/// </summary>
internal sealed class Encoding
{
    private readonly Tensor[] _parts;

    internal Encoding(params Tensor[] parts) => _parts = parts;

    /// <summary>The first part: for ARC models, what the controller attends over (B, C, S, S).</summary>
    internal Tensor Maps => _parts[0];

    /// <summary>Part <paramref name="index"/>, in the order the model made them.</summary>
    internal Tensor this[int index] => _parts[index];

    /// <summary>Images <paramref name="start"/> to <paramref name="end"/> (exclusive).</summary>
    internal Encoding Slice(long start, long end) => new(_parts.Select(p => p.narrow(0, start, end - start)).ToArray());

    /// <summary>The encodings of the images at <paramref name="indices"/> (int64), repeats allowed.</summary>
    internal Encoding Select(Tensor indices) => new(_parts.Select(p => p.index_select(0, indices)).ToArray());
}

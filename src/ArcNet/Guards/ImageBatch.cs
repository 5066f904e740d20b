using ArcNet.Runtime;
using static TorchSharp.torch;

namespace ArcNet.Guards;

/// <summary>Checks image tensors handed to ArcNet's public API and brings them to (B, 1, A, A).</summary>
internal static class ImageBatch
{
    /// <summary>
    /// Validates a batch of single-channel images of side <paramref name="imageSize"/> on <paramref name="device"/>,
    /// given as (B, A, A) or (B, 1, A, A), and returns it as (B, 1, A, A) (a view; the caller's scope owns it).
    /// </summary>
    internal static Tensor Validate(Tensor? images, string name, int imageSize, Device device)
    {
        if (images is null)
            throw new ArgumentNullException(name);
        if (images.IsInvalid)
            throw new ObjectDisposedException(name, $"The tensor '{name}' has been disposed.");
        string shape = $"({string.Join(", ", images.shape)})";
        if (images.dim() is not (3 or 4))
            throw new ArgumentException($"'{name}' must be a batch of images shaped (B, {imageSize}, {imageSize}) or (B, 1, {imageSize}, {imageSize}); got rank {images.dim()} {shape}. For one image use unsqueeze(0).", name);
        if (images.dim() == 4 && images.shape[1] != 1)
            throw new ArgumentException($"'{name}' must have one channel; got {images.shape[1]} channels {shape}. Convert to grayscale first.", name);
        if (images.shape[^1] != imageSize || images.shape[^2] != imageSize)
            throw new ArgumentException($"'{name}' holds {images.shape[^2]} x {images.shape[^1]} images but the model takes {imageSize} x {imageSize}; resize them first.", name);
        if (images.shape[0] == 0)
            throw new ArgumentException($"'{name}' is an empty batch; give at least one image.", name);
        if (images.dtype != ScalarType.Float32)
            throw new ArgumentException($"'{name}' has dtype {images.dtype}; the model takes float32 images. Convert with .to(torch.float32) (and scale to the training range).", name);
        if (!DeviceChoice.Same(images.device, device))
            throw new ArgumentException($"'{name}' is on {images.device} but the model is on {device}; move it with .to(comparator.Device).", name);
        using (var finite = isfinite(images).all())
            if (!finite.item<bool>())
                throw new ArgumentException($"'{name}' contains NaN or infinite values; check how the images were made.", name);
        return images.dim() == 3 ? images.unsqueeze(1) : images.alias();
    }

    /// <summary>
    /// Validates a single image given with or without batch and channel axes, (A, A), (1, A, A) or (1, 1, A, A), and
    /// returns it as (1, 1, A, A).
    /// </summary>
    internal static Tensor ValidateOne(Tensor? image, string name, int imageSize, Device device)
    {
        var batch = Validate(image is { IsInvalid: false } && image.dim() == 2 ? image.unsqueeze(0) : image, name, imageSize, device);
        if (batch.shape[0] != 1)
            throw new ArgumentException($"'{name}' holds {batch.shape[0]} images; a trace follows one pair, so give one image each, shaped ({imageSize}, {imageSize}).", name);
        return batch;
    }

    /// <summary>Validates a pair of batches and checks they hold the same number of images.</summary>
    internal static (Tensor First, Tensor Second) ValidatePair(Tensor? first, Tensor? second, int imageSize, Device device)
    {
        var a = Validate(first, nameof(first), imageSize, device);
        var b = Validate(second, nameof(second), imageSize, device);
        if (a.shape[0] != b.shape[0])
            throw new ArgumentException($"'first' holds {a.shape[0]} images but 'second' holds {b.shape[0]}; pairs need equal batch sizes.", nameof(second));
        return (a, b);
    }
}

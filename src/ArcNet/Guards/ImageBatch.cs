using ArcNet.Runtime;
using static TorchSharp.torch;

namespace ArcNet.Guards;

/// <summary>Checks image tensors handed to ArcNet's public API and brings them to (B, C, A, A).</summary>
internal static class ImageBatch
{
    /// <summary>
    /// Validates a batch of images of the shape <paramref name="model"/> takes (<see cref="ComparatorOptions.ImageChannels"/>
    /// channels of side <see cref="ComparatorOptions.ImageSize"/>) on <paramref name="device"/>, given as (B, C, A, A) or, for
    /// one channel, (B, A, A), and returns it as (B, C, A, A) (a view; the caller's scope owns it).
    /// </summary>
    internal static Tensor Validate(Tensor? images, string name, ComparatorOptions model, Device device)
    {
        if (images is null)
            throw new ArgumentNullException(name);
        if (images.IsInvalid)
            throw new ObjectDisposedException(name, $"The tensor '{name}' has been disposed.");
        int size = model.ImageSize, channels = model.ImageChannels;
        string shape = $"({string.Join(", ", images.shape)})";
        string expected = channels == 1 ? $"(B, {size}, {size}) or (B, 1, {size}, {size})" : $"(B, {channels}, {size}, {size})";
        if (images.dim() is not (3 or 4) || (images.dim() == 3 && channels != 1))
            throw new ArgumentException($"'{name}' must be a batch of images shaped {expected}; got rank {images.dim()} {shape}. For one image use unsqueeze(0).", name);
        if (images.dim() == 4 && images.shape[1] != channels)
            throw new ArgumentException($"'{name}' must have {Channels(channels)}; got {images.shape[1]} channels {shape}. " +
                (channels == 1 ? "Convert to grayscale first." : "Read the images with the comparator's ReadImages, which prepares them as it was trained."), name);
        if (images.shape[^1] != size || images.shape[^2] != size)
            throw new ArgumentException($"'{name}' holds {images.shape[^2]} x {images.shape[^1]} images but the model takes {size} x {size}; resize them first.", name);
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
    /// Validates a single image given with or without batch and channel axes, (A, A) (one channel), (C, A, A) or
    /// (1, C, A, A), and returns it as (1, C, A, A).
    /// </summary>
    internal static Tensor ValidateOne(Tensor? image, string name, ComparatorOptions model, Device device)
    {
        bool unbatched = image is { IsInvalid: false } && image.dim() == (model.ImageChannels == 1 ? 2 : 3);
        var batch = Validate(unbatched ? image!.unsqueeze(0) : image, name, model, device);
        if (batch.shape[0] != 1)
            throw new ArgumentException($"'{name}' holds {batch.shape[0]} images; a trace follows one pair, so give one image each.", name);
        return batch;
    }

    /// <summary>Validates a pair of batches and checks they hold the same number of images.</summary>
    internal static (Tensor First, Tensor Second) ValidatePair(Tensor? first, Tensor? second, ComparatorOptions model, Device device)
    {
        var a = Validate(first, nameof(first), model, device);
        var b = Validate(second, nameof(second), model, device);
        if (a.shape[0] != b.shape[0])
            throw new ArgumentException($"'first' holds {a.shape[0]} images but 'second' holds {b.shape[0]}; pairs need equal batch sizes.", nameof(second));
        return (a, b);
    }

    private static string Channels(int count) => count == 1 ? "one channel" : $"{count} channels (RGB)";
}

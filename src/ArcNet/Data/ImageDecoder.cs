using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace ArcNet.Data;

/// <summary>
/// Turns one Omniglot PNG into the model's pixel format, and raw pixels into model input.
/// </summary>
/// <remarks>
/// Resizing uses bilinear sampling between linearly blended mipmap levels (trilinear filtering).
/// Shrinking 105 to 32 is a factor of about 3.3; plain bilinear would read only the 2 x 2 source pixels
/// nearest each output pixel and drop or break strokes only 2-3 px wide, and Skia's cubic resamplers use
/// a fixed-width kernel that aliases in the same way when shrinking by more than 2. The mipmap pyramid is
/// built by box averaging, so every output pixel integrates its whole footprint: an antialiased
/// resize, close to the PIL antialiased resize the ARC authors used.
/// </remarks>
internal static class ImageDecoder
{
    /// <summary>Larger sides are refused: no Omniglot image comes close, and a forged header must not allocate gigabytes.</summary>
    internal const int MaxSide = 4096;

    private static readonly SKSamplingOptions AntialiasedBilinear = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>
    /// Decodes <paramref name="png"/>, inverts it so ink is 255 and background 0, and resizes it to
    /// <paramref name="size"/> x <paramref name="size"/>; writes the row-major result into <paramref name="destination"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a decodable image of sane size; the message names <paramref name="name"/>.</exception>
    internal static void Decode(ReadOnlySpan<byte> png, string name, int size, Span<byte> destination)
    {
        if (destination.Length != size * size)
            throw new ArgumentException($"Destination holds {destination.Length} bytes, not {size * size}.", nameof(destination));
        if (png.IsEmpty)
            throw new InvalidDataException($"Image '{name}' is empty (0 bytes).");
        PngStructure.Check(png, name, MaxSide);

        using var data = SKData.CreateCopy(png);
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out SKCodecResult created);
        if (codec is null)
            throw new InvalidDataException($"Image '{name}' is not a decodable PNG (decoder: {created}).");

        var header = codec.Info;
        if (header.Width <= 0 || header.Height <= 0)
            throw new InvalidDataException($"Image '{name}' has zero size ({header.Width} x {header.Height}).");
        if (header.Width > MaxSide || header.Height > MaxSide)
            throw new InvalidDataException(
                $"Image '{name}' is {header.Width} x {header.Height} px; more than {MaxSide} px a side is refused.");

        var grayInfo = new SKImageInfo(header.Width, header.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        using var source = new SKBitmap(grayInfo);
        var decoded = codec.GetPixels(grayInfo, source.GetPixels());
        // IncompleteInput means a truncated file: Skia fills the rest, but the image would be silently wrong.
        if (decoded != SKCodecResult.Success)
            throw new InvalidDataException($"Image '{name}' could not be decoded (decoder: {decoded}).");

        using var resized = new SKBitmap(new SKImageInfo(size, size, SKColorType.Gray8, SKAlphaType.Opaque));
        if (!source.ScalePixels(resized, AntialiasedBilinear))
            throw new InvalidDataException($"Image '{name}' could not be resized to {size} x {size}.");

        // Omniglot draws black ink on white; the model wants ink as the signal and background as 0.
        var pixels = resized.GetPixelSpan();
        int rowBytes = resized.RowBytes;
        for (int y = 0; y < size; y++)
        {
            var row = pixels.Slice(y * rowBytes, size);
            var target = destination.Slice(y * size, size);
            for (int x = 0; x < size; x++)
                target[x] = (byte)(255 - row[x]);
        }
    }

    /// <summary>
    /// Decodes <paramref name="count"/> images in parallel into consecutive blocks of <paramref name="destination"/>.
    /// </summary>
    /// <param name="count">Number of images.</param>
    /// <param name="read">Gives the encoded bytes and the name of image i.</param>
    /// <param name="size">Side of the resized images.</param>
    /// <param name="destination">count * size * size bytes.</param>
    /// <exception cref="InvalidDataException">An image is not decodable; the first such error, unwrapped, so callers see its message.</exception>
    internal static void DecodeAll(int count, Func<int, (byte[] Png, string Name)> read, int size, byte[] destination)
    {
        int pixelsPerImage = size * size;
        try
        {
            // Decoding dominates loading and is independent per image.
            Parallel.For(0, count, i =>
            {
                var (png, name) = read(i);
                Decode(png, name, size, destination.AsSpan(i * pixelsPerImage, pixelsPerImage));
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            var first = e.Flatten().InnerExceptions.OrderBy(x => x is InvalidDataException ? 0 : 1).First();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }

    /// <summary>Decodes one image into a new array; see <see cref="Decode(ReadOnlySpan{byte}, string, int, Span{byte})"/>.</summary>
    internal static byte[] Decode(ReadOnlySpan<byte> png, string name, int size)
    {
        var pixels = new byte[size * size];
        Decode(png, name, size, pixels);
        return pixels;
    }

    /// <summary>
    /// Reads PNG files as model input: each decoded like <see cref="Decode(ReadOnlySpan{byte}, string, int, Span{byte})"/>
    /// (in parallel), then scaled and centred like <see cref="ToModelInput"/>: float (K, 1, A, A) on <paramref name="device"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No path, or a null or blank one.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is not a sound PNG of sane size.</exception>
    internal static Tensor ReadFiles(IReadOnlyList<string> paths, int size, double meanPixel, Device? device)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
            throw new ArgumentException("Give at least one image path.", nameof(paths));
        for (int i = 0; i < paths.Count; i++)
            if (string.IsNullOrWhiteSpace(paths[i]))
                throw new ArgumentException($"paths[{i}] is {(paths[i] is null ? "null" : "blank")}; give the path of a PNG file.", nameof(paths));
        foreach (string path in paths)
            if (!File.Exists(path))
                throw new FileNotFoundException($"Image file '{path}' does not exist.", path);
        var pixels = new byte[paths.Count * size * size];
        DecodeAll(paths.Count, i => (File.ReadAllBytes(paths[i]), paths[i]), size, pixels);
        using var raw = tensor(pixels, [paths.Count, size, size], ScalarType.Byte);    // (K, A, A) uint8
        return ToModelInput(raw, meanPixel, device);
    }

    /// <summary>
    /// Scales raw uint8 pixels (K, A, A) to [0, 1], subtracts <paramref name="meanPixel"/> and adds the channel
    /// axis: float (K, 1, A, A) on <paramref name="device"/>.
    /// </summary>
    internal static Tensor ToModelInput(Tensor pixels, double meanPixel, Device? device)
    {
        using var scope = NewDisposeScope();
        // Moving uint8 before the conversion sends a quarter of the bytes to a GPU.
        var onDevice = device is null ? pixels : pixels.to(device);
        var scaled = onDevice.to_type(ScalarType.Float32).div_(255.0).sub_(meanPixel);
        return scaled.unsqueeze(1).MoveToOuterDisposeScope(); // (K, 1, A, A)
    }

    /// <summary>Refuses a mean pixel that would turn every input into NaN or infinity, or is off the [0, 1] pixel scale.</summary>
    internal static void CheckMeanPixel(double meanPixel, string parameterName)
    {
        if (!(meanPixel is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(parameterName, meanPixel,
                "The mean pixel is on the [0, 1] scale of the images (for Omniglot about 0.08); use the dataset's MeanPixel or the comparator's PixelMean.");
    }

    /// <summary>Refuses image sizes the pipeline cannot produce.</summary>
    internal static void CheckSize(int imageSize, string parameterName)
    {
        if (imageSize < 1 || imageSize > MaxSide)
            throw new ArgumentOutOfRangeException(parameterName, imageSize, $"The image size must be between 1 and {MaxSide}.");
    }
}

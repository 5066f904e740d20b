using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace ArcNet.Data;

/// <summary>
/// Turns one image file (<see cref="ImageFormats.Supported"/>) into the model's pixel format, and raw pixels into model input.
/// </summary>
/// <remarks>
/// <para>
/// Resizing uses bilinear sampling between linearly blended mipmap levels (trilinear filtering).
/// Shrinking 105 to 32 is a factor of about 3.3; plain bilinear would read only the 2 x 2 source pixels
/// nearest each output pixel and drop or break strokes only 2-3 px wide, and Skia's cubic resamplers use
/// a fixed-width kernel that aliases in the same way when shrinking by more than 2. The mipmap pyramid is
/// built by box averaging, so every output pixel integrates its whole footprint: an antialiased
/// resize, close to the PIL antialiased resize the ARC authors used. Images are stretched to a square.
/// </para>
/// <para>
/// A grayscale file is decoded to gray directly (Omniglot's PNGs take this path, as they always have). Skia decodes
/// anything else only to colour, so a colour file is decoded to RGBA, laid over white (a transparent background is
/// paper, not ink), and turned to gray by PIL's luma weights (0.299 R + 0.587 G + 0.114 B) before resizing.
/// A GIF gives its first frame.
/// </para>
/// </remarks>
internal static class ImageDecoder
{
    /// <summary>Larger sides are refused: no image of a one-shot collection comes close, and a forged header must not allocate gigabytes.</summary>
    internal const int MaxSide = 4096;

    private static readonly SKSamplingOptions AntialiasedBilinear = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>
    /// Decodes <paramref name="bytes"/>, inverts it so ink is 255 and background 0, and resizes it to
    /// <paramref name="size"/> x <paramref name="size"/>; writes the row-major result into <paramref name="destination"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a whole image of a supported format and sane size; the message names <paramref name="name"/>.</exception>
    internal static void Decode(ReadOnlySpan<byte> bytes, string name, int size, Span<byte> destination)
    {
        if (destination.Length != size * size)
            throw new ArgumentException($"Destination holds {destination.Length} bytes, not {size * size}.", nameof(destination));
        var format = ImageFormats.Check(bytes, name, MaxSide);

        using var data = SKData.CreateCopy(bytes);
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out SKCodecResult created);
        if (codec is null || codec.EncodedFormat != ImageFormats.Encoded(format))
            throw ImageFormats.Bad(name, $"is not a decodable {format} image (decoder: {(codec is null ? created : codec.EncodedFormat)})");

        var header = codec.Info;
        if (header.Width <= 0 || header.Height <= 0)
            throw ImageFormats.Bad(name, $"has zero size ({header.Width} x {header.Height})");
        if (header.Width > MaxSide || header.Height > MaxSide)
            throw ImageFormats.Bad(name, $"is {header.Width} x {header.Height} px; more than {MaxSide} px a side is refused");

        using var source = header.ColorType == SKColorType.Gray8 ? DecodeAs(codec, SKColorType.Gray8, name) : Luma(DecodeOverWhite(codec, name));
        using var resized = new SKBitmap(new SKImageInfo(size, size, SKColorType.Gray8, SKAlphaType.Opaque));
        if (!source.ScalePixels(resized, AntialiasedBilinear))
            throw ImageFormats.Bad(name, $"could not be resized to {size} x {size}");

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

    /// <summary>The whole image (the first frame of an animation) decoded as <paramref name="colorType"/>.</summary>
    private static SKBitmap DecodeAs(SKCodec codec, SKColorType colorType, string name)
    {
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, colorType, colorType == SKColorType.Gray8 ? SKAlphaType.Opaque : SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var decoded = codec.GetPixels(info, bitmap.GetPixels());
        // IncompleteInput means a truncated file: Skia fills the rest, but the image would be silently wrong.
        if (decoded != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw ImageFormats.Bad(name, $"could not be decoded (decoder: {decoded})");
        }
        return bitmap;
    }

    /// <summary>The image as opaque RGBA, every pixel laid over white by its alpha.</summary>
    private static SKBitmap DecodeOverWhite(SKCodec codec, string name)
    {
        var bitmap = DecodeAs(codec, SKColorType.Rgba8888, name);
        // Premultiplied c·a over white is c·a + 255·(1 - a).
        var pixels = bitmap.GetPixelSpan();
        for (int i = 0; i < pixels.Length; i += 4)
        {
            int clear = 255 - pixels[i + 3];
            pixels[i] = (byte)(pixels[i] + clear);
            pixels[i + 1] = (byte)(pixels[i + 1] + clear);
            pixels[i + 2] = (byte)(pixels[i + 2] + clear);
            pixels[i + 3] = 255;
        }
        return bitmap;
    }

    /// <summary>Gray from opaque RGBA with PIL's "L" weights, so images converted here match those converted by PIL; disposes <paramref name="colour"/>.</summary>
    private static SKBitmap Luma(SKBitmap colour)
    {
        using (colour)
        {
            var gray = new SKBitmap(new SKImageInfo(colour.Width, colour.Height, SKColorType.Gray8, SKAlphaType.Opaque));
            var from = colour.GetPixelSpan();
            var to = gray.GetPixelSpan();
            for (int y = 0; y < colour.Height; y++)
            {
                var source = from.Slice(y * colour.RowBytes, 4 * colour.Width);
                var target = to.Slice(y * gray.RowBytes, colour.Width);
                for (int x = 0; x < target.Length; x++)
                    target[x] = (byte)((source[4 * x] * 19595 + source[4 * x + 1] * 38470 + source[4 * x + 2] * 7471 + 0x8000) >> 16);
            }
            return gray;
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
    internal static void DecodeAll(int count, Func<int, (byte[] Bytes, string Name)> read, int size, byte[] destination)
    {
        int pixelsPerImage = size * size;
        try
        {
            // Decoding dominates loading and is independent per image.
            Parallel.For(0, count, i =>
            {
                var (bytes, name) = read(i);
                Decode(bytes, name, size, destination.AsSpan(i * pixelsPerImage, pixelsPerImage));
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            var first = e.Flatten().InnerExceptions.OrderBy(x => x is InvalidDataException ? 0 : 1).First();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }

    /// <summary>Decodes one image into a new array; see <see cref="Decode(ReadOnlySpan{byte}, string, int, Span{byte})"/>.</summary>
    internal static byte[] Decode(ReadOnlySpan<byte> bytes, string name, int size)
    {
        var pixels = new byte[size * size];
        Decode(bytes, name, size, pixels);
        return pixels;
    }

    /// <summary>
    /// Reads image files as model input: each decoded like <see cref="Decode(ReadOnlySpan{byte}, string, int, Span{byte})"/>
    /// (in parallel), then scaled and centred like <see cref="ToModelInput"/>: float (K, 1, A, A) on <paramref name="device"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No path, or a null or blank one.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is not a whole image of a supported format and sane size.</exception>
    internal static Tensor ReadFiles(IReadOnlyList<string> paths, int size, double meanPixel, Device? device)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
            throw new ArgumentException("Give at least one image path.", nameof(paths));
        for (int i = 0; i < paths.Count; i++)
            if (string.IsNullOrWhiteSpace(paths[i]))
                throw new ArgumentException($"paths[{i}] is {(paths[i] is null ? "null" : "blank")}; give the path of an image file.", nameof(paths));
        foreach (string path in paths)
            if (!File.Exists(path))
                throw new FileNotFoundException($"Image file '{path}' does not exist.", path);
        var pixels = new byte[paths.Count * size * size];
        DecodeAll(paths.Count, i => (ImageSourceReader.ReadFile(paths[i]), paths[i]), size, pixels);
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

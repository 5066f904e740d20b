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
/// For gray output a grayscale file is decoded to gray directly (Omniglot's PNGs take this path, as they always have).
/// Skia decodes anything else only to colour, so a colour file is decoded to RGBA, laid over white (a transparent
/// background is paper, not ink), and turned to gray by PIL's luma weights (0.299 R + 0.587 G + 0.114 B) before
/// resizing. For colour output every file is decoded to RGBA and laid over white. A GIF gives its first frame.
/// </para>
/// </remarks>
internal static class ImageDecoder
{
    /// <summary>Larger sides are refused: no image of a one-shot collection comes close, and a forged header must not allocate gigabytes.</summary>
    internal const int MaxSide = 4096;

    private static readonly SKSamplingOptions AntialiasedBilinear = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>
    /// Decodes <paramref name="bytes"/> and resizes it to <paramref name="size"/> x <paramref name="size"/>, gray
    /// (<paramref name="channels"/> 1) or RGB (3); writes the planes, each row-major, into <paramref name="destination"/>.
    /// Ink is not inverted here: whether to invert is decided for a whole dataset (<see cref="InkInversion"/>).
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a whole image of a supported format and sane size; the message names <paramref name="name"/>.</exception>
    internal static void Decode(ReadOnlySpan<byte> bytes, string name, int size, int channels, Span<byte> destination)
    {
        int plane = size * size;
        if (destination.Length != channels * plane)
            throw new ArgumentException($"Destination holds {destination.Length} bytes, not {channels * plane}.", nameof(destination));
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

        using var source = channels == 3 ? DecodeOverWhite(codec, name)
            : header.ColorType == SKColorType.Gray8 ? DecodeAs(codec, SKColorType.Gray8, name)
            : Luma(DecodeOverWhite(codec, name));
        using var resized = new SKBitmap(new SKImageInfo(size, size, source.ColorType, source.AlphaType));
        if (!source.ScalePixels(resized, AntialiasedBilinear))
            throw ImageFormats.Bad(name, $"could not be resized to {size} x {size}");

        var pixels = resized.GetPixelSpan();
        int rowBytes = resized.RowBytes, step = source.BytesPerPixel;
        for (int y = 0; y < size; y++)
        {
            var row = pixels.Slice(y * rowBytes, step * size);
            for (int c = 0; c < channels; c++)
            {
                var target = destination.Slice(c * plane + y * size, size);
                for (int x = 0; x < size; x++)
                    target[x] = row[step * x + c];
            }
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
    /// <param name="channels">1 for gray, 3 for RGB.</param>
    /// <param name="destination">count * channels * size * size bytes.</param>
    /// <exception cref="InvalidDataException">An image is not decodable; the first such error, unwrapped, so callers see its message.</exception>
    internal static void DecodeAll(int count, Func<int, (byte[] Bytes, string Name)> read, int size, int channels, byte[] destination)
    {
        int pixelsPerImage = channels * size * size;
        try
        {
            // Decoding dominates loading and is independent per image.
            Parallel.For(0, count, i =>
            {
                var (bytes, name) = read(i);
                Decode(bytes, name, size, channels, destination.AsSpan(i * pixelsPerImage, pixelsPerImage));
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            var first = e.Flatten().InnerExceptions.OrderBy(x => x is InvalidDataException ? 0 : 1).First();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }

    /// <summary>Decodes one image into a new array; see <see cref="Decode(ReadOnlySpan{byte}, string, int, int, Span{byte})"/>.</summary>
    internal static byte[] Decode(ReadOnlySpan<byte> bytes, string name, int size, int channels = 1)
    {
        var pixels = new byte[channels * size * size];
        Decode(bytes, name, size, channels, pixels);
        return pixels;
    }

    /// <summary>
    /// Reads image files as model input, prepared as <paramref name="preprocessing"/> says: each decoded like
    /// <see cref="Decode(ReadOnlySpan{byte}, string, int, int, Span{byte})"/> (in parallel), inverted when it says so, then
    /// scaled and centred like <see cref="ToModelInput"/>: float (K, C, A, A) on <paramref name="device"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No path, or a null or blank one, or a preprocessing that leaves inversion undecided.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is not a whole image of a supported format and sane size.</exception>
    internal static Tensor ReadFiles(IReadOnlyList<string> paths, ImagePreprocessing preprocessing, double meanPixel, Device? device)
    {
        ArgumentNullException.ThrowIfNull(paths);
        bool invert = preprocessing.InvertInk ?? throw new ArgumentException("Files read on their own cannot tell whether to invert ink; say so in InvertInk.", nameof(preprocessing));
        if (paths.Count == 0)
            throw new ArgumentException("Give at least one image path.", nameof(paths));
        for (int i = 0; i < paths.Count; i++)
            if (string.IsNullOrWhiteSpace(paths[i]))
                throw new ArgumentException($"paths[{i}] is {(paths[i] is null ? "null" : "blank")}; give the path of an image file.", nameof(paths));
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
                throw new ArgumentException($"'{path}' is a folder, not an image file; give the path of an image file.", nameof(paths));
            if (!File.Exists(path))
                throw new FileNotFoundException($"Image file '{path}' does not exist.", path);
        }
        int size = preprocessing.ImageSize, channels = preprocessing.Channels;
        var pixels = PixelBuffer(paths.Count, channels, size, nameof(paths));
        DecodeAll(paths.Count, i => (ImageSourceReader.ReadFile(paths[i]), paths[i]), size, channels, pixels);
        if (invert)
            InkInversion.Apply(pixels);
        using var raw = tensor(pixels, [paths.Count, channels, size, size], ScalarType.Byte);    // (K, C, A, A) uint8
        return ToModelInput(raw, meanPixel, device);
    }

    /// <summary>Room for <paramref name="count"/> decoded images, refused with a clear message when more than one array holds.</summary>
    internal static byte[] PixelBuffer(int count, int channels, int size, string parameterName)
    {
        long bytes = (long)count * channels * size * size;
        if (bytes > Array.MaxLength)
            throw new ArgumentException(
                $"{count} images of {channels} x {size} x {size} pixels need {bytes / 1e9:0.0} GB, more than one buffer holds ({Array.MaxLength / 1e9:0.0} GB); " +
                "use a smaller image size, gray instead of colour, or fewer images at a time.", parameterName);
        return new byte[bytes];
    }

    /// <summary>Scales raw uint8 pixels (K, C, A, A) to [0, 1] and subtracts <paramref name="meanPixel"/>: float (K, C, A, A) on <paramref name="device"/>.</summary>
    internal static Tensor ToModelInput(Tensor pixels, double meanPixel, Device? device)
    {
        using var scope = NewDisposeScope();
        // Moving uint8 before the conversion sends a quarter of the bytes to a GPU.
        var onDevice = device is null ? pixels : pixels.to(device);
        return onDevice.to_type(ScalarType.Float32).div_(255.0).sub_(meanPixel).MoveToOuterDisposeScope();
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

using System.Buffers.Binary;
using SkiaSharp;

namespace ArcNet.Data;

/// <summary>The image formats ArcNet reads: those SkiaSharp decodes that image collections are kept in.</summary>
internal enum ImageFormat
{
    Png,
    Jpeg,
    WebP,
    Bmp,
    Gif,
}

/// <summary>
/// Tells which supported format encoded bytes are, from their signature, and checks that the file is whole before a
/// native decoder sees it.
/// </summary>
/// <remarks>
/// Why an allowlist by signature rather than whatever Skia accepts: Skia also reads WBMP, whose header is loose enough
/// that random bytes pass for one, and formats (ICO, DNG, AVIF) that no image collection needs; every format admitted
/// is one more native decoder facing hostile files. Why a check of the whole file: given a file cut off partway, some
/// decoders fill in the missing part and report success, and a damaged file must not silently become a training image.
/// PNG gets the full chunk walk of <see cref="PngStructure"/>; a JPEG must hold its end-of-image marker and a WebP the
/// bytes its RIFF header declares. The BMP and GIF decoders report a cut-off image themselves.
/// </remarks>
internal static class ImageFormats
{
    /// <summary>The supported formats, for messages that tell a user what to convert to.</summary>
    internal const string Supported = "PNG, JPEG, WebP, BMP or GIF";

    /// <summary>File name extensions of the supported formats, lower case; other files in an image folder are not images.</summary>
    internal static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { ".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif" };

    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> JpegEnd => [0xFF, 0xD9];
    private static ReadOnlySpan<byte> Gif87 => "GIF87a"u8;
    private static ReadOnlySpan<byte> Gif89 => "GIF89a"u8;
    private static ReadOnlySpan<byte> Bmp => "BM"u8;
    private static ReadOnlySpan<byte> Riff => "RIFF"u8;
    private static ReadOnlySpan<byte> WebP => "WEBP"u8;

    /// <summary>Whether <paramref name="path"/> names a file of a supported format by its extension.</summary>
    internal static bool IsImageFile(string path) => Extensions.Contains(Path.GetExtension(path));

    /// <summary>
    /// The format of <paramref name="bytes"/>, once the file is known to be whole; every problem is an
    /// <see cref="InvalidDataException"/> that names <paramref name="name"/> and says what is wrong.
    /// </summary>
    /// <param name="bytes">The encoded file.</param>
    /// <param name="name">What to call the file in messages.</param>
    /// <param name="maxSide">Largest width or height a PNG header may declare.</param>
    internal static ImageFormat Check(ReadOnlySpan<byte> bytes, string name, int maxSide)
    {
        var format = Detect(bytes, name);
        switch (format)
        {
            case ImageFormat.Png:
                PngStructure.Check(bytes, name, maxSide);
                break;
            case ImageFormat.Jpeg when bytes[Jpeg.Length..].IndexOf(JpegEnd) < 0:
                throw Bad(name, $"is truncated: it is a JPEG of {bytes.Length} bytes without the end-of-image marker (FF D9)");
            case ImageFormat.WebP:
                uint declared = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
                if (bytes.Length - 8L < declared)
                    throw Bad(name, $"is truncated: its RIFF header declares {declared + 8L} bytes but the file has {bytes.Length}");
                break;
        }
        return format;
    }

    /// <summary>Skia's name for <paramref name="format"/>: a decoder of another format must not read the file.</summary>
    internal static SKEncodedImageFormat Encoded(ImageFormat format) => format switch
    {
        ImageFormat.Png => SKEncodedImageFormat.Png,
        ImageFormat.Jpeg => SKEncodedImageFormat.Jpeg,
        ImageFormat.WebP => SKEncodedImageFormat.Webp,
        ImageFormat.Bmp => SKEncodedImageFormat.Bmp,
        _ => SKEncodedImageFormat.Gif,
    };

    /// <summary>The InvalidDataException every refused image is reported with: "Image 'name' problem."</summary>
    internal static InvalidDataException Bad(string name, string problem) => new($"Image '{name}' {problem}.");

    private static ImageFormat Detect(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.IsEmpty)
            throw Bad(name, "is empty (0 bytes)");
        ImageFormat? cut = null;
        foreach (var (format, signature) in Signatures())
        {
            if (bytes.StartsWith(signature))
                return format == ImageFormat.WebP ? WebPInRiff(bytes, name) : format;
            if (bytes.Length < signature.Length && signature.AsSpan().StartsWith(bytes))
                cut ??= format;
        }
        if (cut is { } truncated)
            throw Bad(name, $"is truncated: it ends after {bytes.Length} bytes, inside the {truncated.ToString().ToUpperInvariant()} signature");
        throw Bad(name, $"is not a supported image: {OtherFormat(bytes)}. Convert it to {Supported}");
    }

    private static IEnumerable<(ImageFormat Format, byte[] Signature)> Signatures() =>
    [
        (ImageFormat.Png, IO.PngChunks.Signature.ToArray()),
        (ImageFormat.Jpeg, Jpeg.ToArray()),
        (ImageFormat.Gif, Gif87.ToArray()),
        (ImageFormat.Gif, Gif89.ToArray()),
        (ImageFormat.Bmp, Bmp.ToArray()),
        (ImageFormat.WebP, Riff.ToArray()),
    ];

    /// <summary>A RIFF file is a WebP only when its form type says so; WAV and AVI files are RIFF files too.</summary>
    private static ImageFormat WebPInRiff(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < 12)
            throw Bad(name, $"is truncated: it ends after {bytes.Length} bytes, inside the RIFF header of a WebP");
        if (!bytes[8..].StartsWith(WebP))
            throw Bad(name, $"is not a supported image: it is a RIFF file of form '{System.Text.Encoding.ASCII.GetString(bytes[8..12])}', not WebP. Convert it to {Supported}");
        return ImageFormat.WebP;
    }

    private static string OtherFormat(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0x49, 0x49, 0x2A, 0x00, ..] or [0x4D, 0x4D, 0x00, 0x2A, ..] => "it is a TIFF image",
        [0x00, 0x00, 0x01, 0x00, ..] => "it is a Windows icon",
        [_, _, _, _, (byte)'f', (byte)'t', (byte)'y', (byte)'p', ..] => "it is an ISO media file (HEIC, AVIF or a video)",
        [(byte)'%', (byte)'P', (byte)'D', (byte)'F', ..] => "it is a PDF document",
        [(byte)'P', (byte)'K', 0x03, 0x04, ..] => "it is a zip archive",
        [(byte)'<', ..] => "it is text (XML, SVG or HTML)",
        _ => $"it starts with the bytes {Convert.ToHexString(bytes[..Math.Min(bytes.Length, 8)])}, which begin no format read here",
    };
}

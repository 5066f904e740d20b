using System.IO.Compression;
using SkiaSharp;
using Format = ArcNet.Tests.Data.ImageFiles.Format;

namespace ArcNet.Tests.Data;

/// <summary>
/// Writes image collections as a user keeps them, from real Omniglot characters: folders or zip archives of any layout,
/// each image re-saved in any format, as gray or as blue ink on white.
/// </summary>
public static class ImageFolders
{
    /// <summary>Omniglot image <paramref name="name"/> (Alphabet/characterNN/file.png of the first small set) saved as <paramref name="format"/>.</summary>
    public static byte[] Character(string name, Format format = Format.Png, bool blueInk = false)
    {
        byte[] png = OmniglotTestData.Png(name);
        if (format == Format.Png && !blueInk)
            return png;
        using var gray = ImageFiles.Decode(png);
        using var saved = blueInk ? BlueInk(gray) : gray.Copy();
        return ImageFiles.Encode(saved, format);
    }

    /// <summary>The first <paramref name="count"/> drawings of a character of the first small set, as Alphabet/characterNN/file.png names.</summary>
    public static IEnumerable<string> Drawings(string character, int count = 20) =>
        OmniglotTestData.PngNames.Where(n => n.StartsWith(character + "/", StringComparison.Ordinal)).Take(count).ToArray();

    /// <summary>Writes each file at its relative path under <paramref name="root"/>; returns <paramref name="root"/>.</summary>
    public static string Write(string root, IEnumerable<(string Path, byte[] Bytes)> files)
    {
        foreach (var (path, bytes) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }
        return root;
    }

    /// <summary>Writes the files into a zip archive at <paramref name="zipPath"/>, entries named by their relative paths; returns the path.</summary>
    public static string Zip(string zipPath, IEnumerable<(string Path, byte[] Bytes)> files)
    {
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        foreach (var (path, bytes) in files)
        {
            using var entry = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
            entry.Write(bytes);
        }
        return zipPath;
    }

    /// <summary>A gray drawing redrawn as dark blue ink on white paper, in RGB.</summary>
    private static SKBitmap BlueInk(SKBitmap drawing)
    {
        using var gray = drawing.Copy(SKColorType.Gray8);
        var blue = new SKBitmap(new SKImageInfo(gray.Width, gray.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var from = gray.GetPixelSpan();
        var to = blue.GetPixelSpan();
        for (int y = 0; y < gray.Height; y++)
            for (int x = 0; x < gray.Width; x++)
            {
                float paper = from[y * gray.RowBytes + x] / 255f;   // 1 on paper, 0 on ink
                var pixel = to.Slice(y * blue.RowBytes + 4 * x, 4);
                (pixel[0], pixel[1], pixel[2], pixel[3]) = ((byte)(255 * paper), (byte)(255 * paper), (byte)(110 + 145 * paper), 255);
            }
        return blue;
    }
}

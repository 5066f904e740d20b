using System.IO.Compression;
using System.Text.RegularExpressions;

namespace ArcNet.Data;

/// <summary>One PNG found in the Omniglot layout, with its still-encoded bytes.</summary>
/// <param name="Alphabet">Alphabet folder name, e.g. <c>Greek</c>.</param>
/// <param name="Character">Character folder name, e.g. <c>character01</c>.</param>
/// <param name="FileName">File name, e.g. <c>0394_07.png</c>.</param>
/// <param name="Drawer">The drawer number parsed from the file name.</param>
/// <param name="Origin">Where the file came from, for error messages.</param>
/// <param name="Png">The encoded image.</param>
internal sealed record EncodedImage(string Alphabet, string Character, string FileName, int Drawer, string Origin, byte[] Png);

/// <summary>
/// Finds the PNGs of the layout <c>[&lt;set&gt;/]&lt;Alphabet&gt;/&lt;character&gt;/&lt;charId&gt;_&lt;drawer&gt;.png</c>
/// in a folder or a zip archive.
/// </summary>
/// <remarks>
/// A source may be the set folder itself (<c>images_background</c>) or the folder or archive that holds it,
/// so both depths are accepted. PNGs at other depths or with other names (thumbnails, Lake's run files)
/// are not part of the layout and are skipped. Encoded bytes are read sequentially (a
/// <see cref="ZipArchive"/> is not thread-safe); decoding happens later, in parallel.
/// </remarks>
internal static partial class ImageSourceReader
{
    /// <summary>Larger files are not images of a one-shot collection; refusing them stops a zip bomb or a stray video from exhausting memory.</summary>
    internal const long MaxFileBytes = 16 * 1024 * 1024;

    internal const string LayoutDescription = "<set>/<Alphabet>/<character>/<charId>_<drawer>.png";

    [GeneratedRegex(@"^\d+_(\d+)\.png$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ImageName();

    /// <summary>Reads every layout PNG from a folder or .zip path.</summary>
    /// <exception cref="FileNotFoundException">The path does not exist.</exception>
    /// <exception cref="InvalidDataException">The source is not a readable archive or holds no layout PNGs.</exception>
    internal static List<EncodedImage> Read(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (Directory.Exists(source))
            return ReadFolder(source);
        if (File.Exists(source))
        {
            using var stream = File.OpenRead(source);
            return ReadZip(stream, source);
        }
        throw new FileNotFoundException($"Omniglot source '{source}' does not exist (expected a folder or a .zip file).", source);
    }

    /// <summary>Reads every layout PNG from a zip archive; <paramref name="name"/> labels it in error messages.</summary>
    internal static List<EncodedImage> ReadZip(Stream zip, string name)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var files = new List<EncodedImage>();
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in archive.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                string origin = $"{name}!{entry.FullName}";
                if (!TryParse(entry.FullName, out var alphabet, out var character, out var fileName, out int drawer))
                    continue;
                if (entry.Length > MaxFileBytes)
                    throw new InvalidDataException($"Image '{origin}' is {entry.Length} bytes uncompressed; more than {MaxFileBytes} is refused.");
                files.Add(new EncodedImage(alphabet, character, fileName, drawer, origin, ReadEntry(entry, origin)));
            }
        }
        catch (InvalidDataException e) when (!e.Message.Contains(name, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Omniglot archive '{name}' is not a readable zip file: {e.Message}", e);
        }
        if (files.Count == 0)
            throw new InvalidDataException($"Omniglot archive '{name}' contains no PNG images in the layout {LayoutDescription}.");
        return files;
    }

    private static List<EncodedImage> ReadFolder(string folder)
    {
        var root = Path.GetFullPath(folder);
        var files = new List<EncodedImage>();
        var paths = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Select(p => (Full: p, Relative: Path.GetRelativePath(root, p).Replace('\\', '/')))
            .OrderBy(p => p.Relative, StringComparer.Ordinal);
        foreach (var (full, relative) in paths)
        {
            if (!TryParse(relative, out var alphabet, out var character, out var fileName, out int drawer))
                continue;
            files.Add(new EncodedImage(alphabet, character, fileName, drawer, full, ReadFile(full)));
        }
        if (files.Count == 0)
            throw new InvalidDataException($"Omniglot folder '{folder}' contains no PNG images in the layout {LayoutDescription}.");
        return files;
    }

    /// <summary>The bytes of the image file at <paramref name="path"/>, refused when larger than <see cref="MaxFileBytes"/>.</summary>
    internal static byte[] ReadFile(string path)
    {
        long length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
            throw new InvalidDataException($"Image '{path}' is {length} bytes; more than {MaxFileBytes} is refused.");
        return File.ReadAllBytes(path);
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry, string origin)
    {
        try
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream((int)entry.Length);
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new InvalidDataException($"Image '{origin}' could not be read from its archive: {e.Message}", e);
        }
    }

    /// <summary>Splits a relative path into the layout's parts; false for anything outside the layout.</summary>
    internal static bool TryParse(string relativePath, out string alphabet, out string character, out string fileName, out int drawer)
    {
        alphabet = character = fileName = "";
        drawer = 0;
        var parts = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        // 3 parts: the source is the set folder; 4: the source holds it.
        if (parts.Length is not (3 or 4) || parts.Any(p => p.StartsWith("__MACOSX", StringComparison.Ordinal) || p.StartsWith('.')))
            return false;
        var match = ImageName().Match(parts[^1]);
        if (!match.Success || !int.TryParse(match.Groups[1].ValueSpan, out drawer) || drawer < 1)
            return false;
        alphabet = parts[^3];
        character = parts[^2];
        fileName = parts[^1];
        return true;
    }
}

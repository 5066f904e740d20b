using System.IO.Compression;

namespace ArcNet.Data;

/// <summary>One image file found in a source, with its still-encoded bytes.</summary>
/// <param name="Group">Group folder name (Omniglot's alphabet, e.g. <c>Greek</c>), or "" in the layout without groups.</param>
/// <param name="Class">Class folder name (Omniglot's character, e.g. <c>character01</c>).</param>
/// <param name="FileName">File name, e.g. <c>0394_07.png</c>.</param>
/// <param name="Origin">Where the file came from, for error messages.</param>
/// <param name="Bytes">The encoded image.</param>
internal sealed record EncodedImage(string Group, string Class, string FileName, string Origin, byte[] Bytes);

/// <summary>
/// Finds the image files of an image folder or zip archive: <c>&lt;class&gt;/&lt;image&gt;</c>, or
/// <c>&lt;group&gt;/&lt;class&gt;/&lt;image&gt;</c> where a group gathers related classes (Omniglot's alphabets), either
/// of them at the top or inside one folder (as a zip of a folder has it, and Omniglot's archives hold
/// <c>images_background/</c>).
/// </summary>
/// <remarks>
/// <para>
/// The depth of the image files tells the layout: two parts are <c>class/image</c>; three are <c>group/class/image</c>,
/// unless a single folder holds everything, which is then a wrapper around <c>class/image</c>; four are
/// <c>folder/group/class/image</c>. So Omniglot's set folder and the archive holding it read as they always have. One
/// source keeps one layout: files at two depths, or outside any class folder, are refused naming both, not silently
/// skipped. Files whose extension is not an image's, hidden files and folders, and macOS's <c>__MACOSX</c> copies are
/// not part of the collection and are passed over.
/// </para>
/// <para>
/// Guards against archives and folders that would exhaust memory: at most <see cref="MaxFileBytes"/> per file (checked
/// while reading, not trusted from a zip's directory), <see cref="MaxEntries"/> entries per archive and
/// <see cref="MaxTotalBytes"/> of image files per source. Encoded bytes are read sequentially (a
/// <see cref="ZipArchive"/> is not thread-safe); decoding happens later, in parallel.
/// </para>
/// </remarks>
internal static class ImageSourceReader
{
    /// <summary>Larger files are not images of a one-shot collection; refusing them stops a zip bomb or a stray video from exhausting memory.</summary>
    internal const long MaxFileBytes = 16 * 1024 * 1024;

    /// <summary>More entries than a collection of a million images (Omniglot has 32,460) is a hostile archive, refused before any is read.</summary>
    internal const int MaxEntries = 1_000_000;

    /// <summary>More encoded image bytes per source than this are refused before reading them: a guard against archives that expand without bound.</summary>
    internal const long MaxTotalBytes = 4L * 1024 * 1024 * 1024;

    internal const string LayoutDescription = "<class>/<image> or <group>/<class>/<image>";

    /// <summary>Reads every image of a folder or .zip path.</summary>
    /// <exception cref="FileNotFoundException">The path does not exist.</exception>
    /// <exception cref="InvalidDataException">The source is not a readable archive, holds no images, or breaks the layout.</exception>
    internal static List<EncodedImage> Read(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (Directory.Exists(source))
            return ReadFolder(source);
        if (File.Exists(source))
        {
            if (ImageFormats.IsImageFile(source))
                throw new InvalidDataException($"Image source '{source}' is one image; give a folder or a .zip of class folders (<class>/<image>, or <group>/<class>/<image>).");
            using var stream = File.OpenRead(source);
            return ReadZip(stream, source);
        }
        throw new FileNotFoundException($"Image source '{source}' does not exist (expected a folder or a .zip file).", source);
    }

    /// <summary>Reads every image of a zip archive; <paramref name="name"/> labels it in error messages.</summary>
    internal static List<EncodedImage> ReadZip(Stream zip, string name)
    {
        ArgumentNullException.ThrowIfNull(zip);
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            if (archive.Entries.Count > MaxEntries)
                throw new InvalidDataException($"Archive '{name}' has {archive.Entries.Count} entries; more than {MaxEntries} is refused.");
            var entries = archive.Entries.ToDictionary(e => e.FullName, StringComparer.Ordinal);
            var layout = Layout(entries.Keys, name, path => entries[path].Length);
            return layout.Select(found => found.With($"{name}!{found.Path}", ReadEntry(entries[found.Path], $"{name}!{found.Path}"))).ToList();
        }
        catch (InvalidDataException e) when (!e.Message.Contains(name, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Archive '{name}' is not a readable zip file ({e.Message.TrimEnd('.')}): it may be damaged or cut short. Copy or download it again, or give the folder it was made from.", e);
        }
    }

    private static List<EncodedImage> ReadFolder(string folder)
    {
        var root = Path.GetFullPath(folder);
        var paths = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(root, p).Replace('\\', '/'), StringComparer.Ordinal);
        var layout = Layout(paths.Keys, folder, relative => new FileInfo(paths[relative]).Length);
        return layout.Select(found => found.With(paths[found.Path], ReadFile(paths[found.Path]))).ToList();
    }

    /// <summary>The bytes of the image file at <paramref name="path"/>, refused when larger than <see cref="MaxFileBytes"/>.</summary>
    internal static byte[] ReadFile(string path)
    {
        long length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
            throw new InvalidDataException($"Image '{path}' is {length} bytes; more than {MaxFileBytes} is refused.");
        // A named pipe or a device has no length and a read of it can wait forever; an empty file is no image either way.
        return length == 0 ? [] : File.ReadAllBytes(path);
    }

    /// <summary>An image's place in the layout, before its bytes are read.</summary>
    private sealed record Found(string Path, string Group, string Class, string FileName)
    {
        internal EncodedImage With(string origin, byte[] bytes) => new(Group, Class, FileName, origin, bytes);
    }

    /// <summary>The images among <paramref name="relativePaths"/> in ordinal order, placed in the one layout they share.</summary>
    private static List<Found> Layout(IEnumerable<string> relativePaths, string source, Func<string, long> length)
    {
        var images = relativePaths
            .Select(path => (Path: path, Parts: path.Split('/', StringSplitOptions.RemoveEmptyEntries)))
            .Where(file => file.Parts.Length > 0 && ImageFormats.IsImageFile(file.Parts[^1])
                           && !file.Parts.Any(IsPassedOver))
            .OrderBy(file => file.Path, StringComparer.Ordinal)
            .ToList();
        if (images.Count == 0)
            throw new InvalidDataException($"'{source}' contains no images ({ImageFormats.Supported}) in the layout {LayoutDescription}.");
        if (images.FirstOrDefault(file => file.Parts.Length is < 2 or > 4) is { Path: not null } outside)
            throw new InvalidDataException(
                $"'{source}' holds '{outside.Path}' {(outside.Parts.Length < 2 ? "outside any class folder" : "deeper than the layout allows")}; " +
                $"arrange the images as {LayoutDescription}, optionally inside one more folder.");
        var first = images[0];
        if (images.FirstOrDefault(file => file.Parts.Length != first.Parts.Length) is { Path: not null } other)
            throw new InvalidDataException(
                $"'{source}' mixes two layouts: '{first.Path}' is {Describe(first.Parts.Length)} but '{other.Path}' is {Describe(other.Parts.Length)}; keep every image at one depth.");

        long total = images.Sum(file => length(file.Path));
        if (total > MaxTotalBytes)
            throw new InvalidDataException($"'{source}' holds {total} bytes of images; more than {MaxTotalBytes} per source is refused.");
        bool grouped = first.Parts.Length == 4 || (first.Parts.Length == 3 && images.Any(file => file.Parts[0] != first.Parts[0]));
        return images.Select(file => new Found(file.Path, grouped ? file.Parts[^3] : "", file.Parts[^2], file.Parts[^1])).ToList();
    }

    /// <summary>Whether a file or folder of this name is outside any collection: hidden, or one of macOS's <c>__MACOSX</c> copies.</summary>
    internal static bool IsPassedOver(string name) => name.StartsWith('.') || name.StartsWith("__MACOSX", StringComparison.Ordinal);

    private static string Describe(int depth) => depth switch
    {
        2 => "<class>/<image>",
        3 => "<group>/<class>/<image> (or <folder>/<class>/<image>)",
        _ => "<folder>/<group>/<class>/<image>",
    };

    private static byte[] ReadEntry(ZipArchiveEntry entry, string origin)
    {
        try
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            // The directory's length is only a claim: copy at most one byte more than allowed, whatever it says.
            var chunk = new byte[81920];
            for (int read; (read = stream.Read(chunk)) > 0;)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxFileBytes)
                    throw new InvalidDataException($"Image '{origin}' expands to more than {MaxFileBytes} bytes; it is refused.");
            }
            return buffer.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !e.Message.Contains(origin, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Image '{origin}' could not be read from its archive: {e.Message}", e);
        }
    }
}

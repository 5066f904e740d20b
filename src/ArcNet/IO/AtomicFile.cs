namespace ArcNet.IO;

/// <summary>
/// Writes a file so that readers see either the previous version or the complete new one: the content goes to
/// a temporary file beside the target, is flushed to disk, and then renamed over the target.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; on any failure the previous file is left intact.</summary>
    /// <param name="path">The file to create or replace; its folder is created when missing.</param>
    /// <param name="write">Writes the whole content to the stream it is given.</param>
    /// <param name="open">Opens the temporary file; a test seam for injecting failing streams.</param>
    internal static void Write(string path, Action<Stream> write, Func<string, Stream>? open = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new ArgumentException($"'{path}' is a folder; give a file path to write to.", nameof(path));
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);

        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (Stream stream = (open ?? OpenTemporary)(temporary))
            {
                write(stream);
                stream.Flush();
                if (stream is FileStream file)
                    file.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static Stream OpenTemporary(string path) => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

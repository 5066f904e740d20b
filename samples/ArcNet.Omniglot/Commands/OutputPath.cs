namespace ArcNet.Omniglot.Commands;

/// <summary>
/// Checks, before any work, that a command can write where it was told to: a training run otherwise learns for its
/// whole budget and only then finds its output folder read-only, missing or a file, and the run is lost.
/// </summary>
internal static class OutputPath
{
    /// <summary>The message naming <paramref name="option"/> when no file can be written at <paramref name="path"/>; null when one can.</summary>
    internal static string? FileProblem(string path, string option)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            return $"{option} '{path}' is a folder; give a file path.";
        return FolderProblem(Path.GetDirectoryName(full)!, path, option);
    }

    /// <summary>The message naming <paramref name="option"/> when <paramref name="path"/> cannot be a folder to write files in; null when it can.</summary>
    internal static string? FolderProblem(string path, string option)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full))
            return $"{option} '{path}' is a file; give a folder.";
        return FolderProblem(full, path, option);
    }

    // Writing and deleting a file is the only test that holds everywhere: permissions, read-only mounts, /proc, quotas.
    private static string? FolderProblem(string folder, string path, string option)
    {
        string probe = Path.Combine(folder, $".arcnet-probe.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string why = e is UnauthorizedAccessException ? "no permission to create files" : "no file can be created";
            return $"{option} '{path}' cannot be written: {why} in '{folder}'. Give a path in a folder you can write to.";
        }
    }
}

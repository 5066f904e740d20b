using System.Text;

namespace ArcNet.Omniglot;

/// <summary>One line of a pairs file: two image paths as written, and the files they name.</summary>
internal sealed record ImagePair(int Line, string First, string Second, string FirstFile, string SecondFile);

/// <summary>
/// The CSV files of <c>compare --pairs</c>: each line two image paths, <c>first,second</c>, relative to the file's own
/// folder unless absolute; a field may be double-quoted (for paths with commas, <c>""</c> for a quote). Blank lines and
/// lines starting with <c>#</c> are skipped. Scores are written back as <c>first,second,similarity</c>.
/// </summary>
internal static class PairsFile
{
    /// <summary>Every pair of <paramref name="path"/>, each file checked to exist, so a bad line stops the run before any work.</summary>
    /// <exception cref="InvalidDataException">A line is not two paths, or names a file that does not exist; the message names the file and the line.</exception>
    internal static List<ImagePair> Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Pairs file '{path}' does not exist.", path);
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var pairs = new List<ImagePair>();
        var lines = File.ReadAllLines(path);
        for (int n = 1; n <= lines.Length; n++)
        {
            string line = lines[n - 1];
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
                continue;
            var fields = Fields(line, path, n);
            if (fields.Count != 2 || fields.Any(string.IsNullOrWhiteSpace))
                throw new InvalidDataException($"{path} line {n}: expected two image paths separated by a comma, got \"{line}\".");
            string first = Path.Combine(folder, fields[0]), second = Path.Combine(folder, fields[1]);
            foreach (var (given, file) in new[] { (fields[0], first), (fields[1], second) })
                if (!File.Exists(file))
                    throw new InvalidDataException($"{path} line {n}: image '{given}' does not exist{(Path.IsPathRooted(given) ? "" : $" (paths are relative to {folder})")}.");
            pairs.Add(new ImagePair(n, fields[0], fields[1], first, second));
        }
        if (pairs.Count == 0)
            throw new InvalidDataException($"Pairs file '{path}' holds no pairs; write one \"first,second\" pair of image paths per line.");
        return pairs;
    }

    /// <summary>One output line: the pair as given and its similarity.</summary>
    internal static string Line(ImagePair pair, float similarity) =>
        $"{Quoted(pair.First)},{Quoted(pair.Second)},{similarity.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)}";

    private static string Quoted(string field) =>
        field.IndexOfAny([',', '"', '\n']) < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static List<string> Fields(string line, string path, int number)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                field.Append(line[++i]);
            else if (c == '"')
                quoted = !quoted;
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else
                field.Append(c);
        }
        if (quoted)
            throw new InvalidDataException($"{path} line {number}: a quoted path is not closed, in \"{line}\".");
        fields.Add(field.ToString().Trim());
        return fields;
    }
}

using System.Globalization;
using System.Text;
using CsvHelper;

namespace ArcNet.Omniglot;

/// <summary>One pair of a pairs file: two image paths as written, and the files they name.</summary>
internal sealed record ImagePair(string First, string Second, string FirstFile, string SecondFile);

/// <summary>
/// The CSV files of <c>compare --pairs</c>: each line two image paths, <c>first,second</c>, relative to the file's own
/// folder unless absolute; a field may be double-quoted (for paths with commas, <c>""</c> for a quote). Blank lines and
/// lines starting with <c>#</c> are skipped. Scores are written back as <c>first,second,similarity</c>.
/// </summary>
internal static class PairsFile
{
    // A pair is one line: a quote left open ends at the line's end, not at some later line's quote.
    private static readonly CsvReaderOptions ReadOptions = new()
    {
        Separator = ',', HasHeader = false, CommentPrefix = '#', SkipEmptyLines = true, TrimWhitespace = true,
        TrackLineNumbers = true, AllowLineBreaksInQuotes = false, MalformedData = CsvMalformedDataHandling.Throw,
    };

    // A first path starting with '#' is quoted, so the scores read back as pairs rather than as a comment.
    private static readonly CsvWriterOptions WriteOptions = new() { NewLine = "\n", CommentPrefix = '#' };

    /// <summary>Every pair of <paramref name="path"/>, each file checked to exist, so a bad line stops the run before any work.</summary>
    /// <exception cref="InvalidDataException">A line is not two paths, or names a file that does not exist; the message names the file and the line.</exception>
    internal static List<ImagePair> Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Pairs file '{path}' does not exist.", path);
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var pairs = new List<ImagePair>();
        using var reader = CsvReader.FromFile(path, ReadOptions);
        try
        {
            while (reader.Read())
            {
                long n = reader.LineNumber;
                if (reader.FieldCount == 1 && reader.IsEmpty(0))
                    continue;
                if (reader.FieldCount != 2 || reader.IsEmpty(0) || reader.IsEmpty(1))
                    throw new InvalidDataException($"{path} line {n}: expected two image paths separated by a comma, got \"{Encoding.UTF8.GetString(reader.RawRecord)}\".");
                string firstGiven = reader.GetString(0), secondGiven = reader.GetString(1);
                string first = Path.Combine(folder, firstGiven), second = Path.Combine(folder, secondGiven);
                foreach (var (given, file) in new[] { (firstGiven, first), (secondGiven, second) })
                    if (!File.Exists(file))
                        throw new InvalidDataException($"{path} line {n}: image '{given}' does not exist"
                            + (Path.IsPathRooted(given) ? "" : $" (paths are relative to {folder})")
                            + (pairs.Count == 0 ? $"; if line {n} is a header, remove it or start it with #." : "."));
                pairs.Add(new ImagePair(firstGiven, secondGiven, first, second));
            }
        }
        catch (CsvFormatException e)
        {
            throw new InvalidDataException($"{path} line {e.LineNumber}: a quote is out of place (not closed on its line, or inside an unquoted path); quote a whole path, with \"\" for a quote inside it.", e);
        }
        if (pairs.Count == 0)
            throw new InvalidDataException($"Pairs file '{path}' holds no pairs; write one \"first,second\" pair of image paths per line.");
        return pairs;
    }

    /// <summary>Writes each pair as given with its similarity, one line each, quoting paths that need it.</summary>
    internal static void Write(TextWriter destination, IEnumerable<(ImagePair Pair, float Similarity)> scores)
    {
        using var writer = CsvWriter.Create(destination, WriteOptions, leaveOpen: true);
        foreach (var (pair, similarity) in scores)
        {
            writer.WriteField(pair.First);
            writer.WriteField(pair.Second);
            writer.WriteField(similarity, "0.0000", CultureInfo.InvariantCulture);
            writer.EndRecord();
        }
    }
}

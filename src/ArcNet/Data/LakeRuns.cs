using static TorchSharp.torch;

namespace ArcNet.Data;

/// <summary>
/// Lake's official one-shot classification benchmark (the upstream <c>all_runs</c> folder), read from a folder:
/// <c>runNN/training/classKK.png</c> support images, <c>runNN/test/itemKK.png</c> queries, and
/// <c>runNN/class_labels.txt</c> lines "<c>runNN/test/itemKK.png runNN/training/classJJ.png</c>" naming each
/// query's correct support image.
/// </summary>
/// <remarks>
/// The images are prepared for one comparator, as it reads any image (<see cref="ArcComparator.ReadImages"/>): its size,
/// colour, ink and pixel mean, on its device. Label paths may also be relative to the run folder.
/// </remarks>
public sealed class LakeRuns : IDisposable
{
    private const string LabelsFile = "class_labels.txt";
    private readonly LakeRun[] _runs;

    private LakeRuns(LakeRun[] runs, ArcComparator comparator)
    {
        _runs = runs;
        Preparation = comparator.Preparation;
    }

    /// <summary>The runs, in ordinal folder order.</summary>
    internal IReadOnlyList<LakeRun> Runs => _runs;

    /// <summary>How the images were prepared: the comparator's they were loaded for.</summary>
    internal (ImagePreprocessing Preprocessing, double PixelMean) Preparation { get; }

    /// <summary>Reads every <c>run*</c> folder of <paramref name="folder"/>, its images prepared as <paramref name="comparator"/> reads images.</summary>
    /// <param name="folder">The folder holding <c>run01</c> .. <c>run20</c>.</param>
    /// <param name="comparator">The comparator the runs will score.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">A run lacks its labels file or an image it names.</exception>
    /// <exception cref="InvalidDataException">No runs, a malformed label line, a query without exactly one label, or a corrupt image; the message names the file.</exception>
    public static LakeRuns Load(string folder, ArcComparator comparator)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(comparator);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Lake runs folder '{folder}' does not exist.");
        var runFolders = Directory.GetDirectories(folder, "run*")
            .Where(d => File.Exists(Path.Combine(d, LabelsFile)) || Directory.Exists(Path.Combine(d, "training")))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (runFolders.Length == 0)
            throw new InvalidDataException($"Lake runs folder '{folder}' holds no run folders (runNN/training, runNN/test, runNN/{LabelsFile}).");

        var runs = new List<LakeRun>();
        try
        {
            foreach (var runFolder in runFolders)
                runs.Add(ReadRun(runFolder, comparator));
        }
        catch
        {
            foreach (var run in runs)
                DisposeRun(run);
            throw;
        }
        return new LakeRuns(runs.ToArray(), comparator);
    }

    private static LakeRun ReadRun(string runFolder, ArcComparator comparator)
    {
        string name = Path.GetFileName(runFolder);
        string labelsPath = Path.Combine(runFolder, LabelsFile);
        if (!File.Exists(labelsPath))
            throw new FileNotFoundException($"Lake run '{runFolder}' has no {LabelsFile}.", labelsPath);

        var answersByQuery = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = File.ReadAllLines(labelsPath);
        for (int n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0)
                continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2
                || !TryRunRelative(parts[0], name, "test", out var query)
                || !TryRunRelative(parts[1], name, "training", out var support))
                throw new InvalidDataException(
                    $"{labelsPath} line {n + 1}: expected \"{name}/test/itemKK.png {name}/training/classJJ.png\", got \"{line}\".");
            if (!answersByQuery.TryAdd(query, support))
                throw new InvalidDataException($"{labelsPath} line {n + 1}: query '{query}' is labelled twice.");
        }

        var supportFiles = PngsIn(Path.Combine(runFolder, "training"));
        var queryFiles = PngsIn(Path.Combine(runFolder, "test"));
        if (supportFiles.Length == 0 || queryFiles.Length == 0)
            throw new InvalidDataException($"Lake run '{runFolder}' needs PNGs in both training/ and test/.");
        foreach (var labelled in answersByQuery)
        {
            if (Array.IndexOf(queryFiles, labelled.Key) < 0)
                throw new FileNotFoundException($"{labelsPath} names query '{labelled.Key}', which is not in {name}/test.", labelled.Key);
            if (Array.IndexOf(supportFiles, labelled.Value) < 0)
                throw new FileNotFoundException($"{labelsPath} names support '{labelled.Value}', which is not in {name}/training.", labelled.Value);
        }
        var answers = queryFiles.Select(q => answersByQuery.TryGetValue(q, out var s)
            ? Array.IndexOf(supportFiles, s)
            : throw new InvalidDataException($"{labelsPath} has no label for query '{q}'.")).ToArray();

        using var scope = NewDisposeScope();
        var supportImages = comparator.ReadImages([.. supportFiles.Select(f => Path.Combine(runFolder, "training", f))]);
        var queryImages = comparator.ReadImages([.. queryFiles.Select(f => Path.Combine(runFolder, "test", f))]);
        // The run outlives any dispose scope of the caller; LakeRuns.Dispose frees it.
        return new LakeRun(name, supportImages.DetachFromDisposeScope(), queryImages.DetachFromDisposeScope(), answers, supportFiles);
    }

    private static string[] PngsIn(string folder) => Directory.Exists(folder)
        ? Directory.GetFiles(folder, "*.png").Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToArray()
        : [];

    /// <summary>Reduces "runNN/&lt;kind&gt;/file.png" or "&lt;kind&gt;/file.png" to "file.png".</summary>
    private static bool TryRunRelative(string path, string run, string kind, out string file)
    {
        var parts = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        file = parts.Length > 0 ? parts[^1] : "";
        bool shaped = parts.Length switch
        {
            2 => parts[0] == kind,
            3 => parts[0] == run && parts[1] == kind,
            _ => false,
        };
        return shaped && file.EndsWith(".png", StringComparison.OrdinalIgnoreCase);
    }

    private static void DisposeRun(LakeRun run)
    {
        run.Support.Dispose();
        run.Queries.Dispose();
    }

    /// <summary>Frees every run's tensors.</summary>
    public void Dispose()
    {
        foreach (var run in _runs)
            DisposeRun(run);
    }
}

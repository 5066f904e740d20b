using System.Globalization;

namespace ArcNet.Omniglot.Study;

/// <summary>The study's runs as a CSV file, appended one row per run, so an interrupted study resumes.</summary>
internal sealed class StudyTable
{
    private const string Header = "candidate,minutes,seed,threads,steps,train_seconds,accuracy,ci95,accuracy_both_orders,ci95_both_orders,load_before,load_after,finished_utc";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly List<StudyRow> _rows = [];

    internal StudyTable(string path)
    {
        Path = path;
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Header + Environment.NewLine);
            return;
        }
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header)
            throw new InvalidDataException($"'{path}' is not a study table this version wrote (its first line is not the expected header); move it away or give another --out.");
        for (int i = 1; i < lines.Length; i++)
            _rows.Add(Parse(lines[i], path, i + 1));
    }

    internal string Path { get; }

    internal IReadOnlyList<StudyRow> Rows => _rows;

    internal bool Has(string candidate, double minutes, int seed, int threads) =>
        _rows.Any(r => r.Candidate == candidate && r.Minutes == minutes && r.Seed == seed && r.Threads == threads);

    internal void Add(StudyRow row)
    {
        _rows.Add(row);
        File.AppendAllText(Path, Format(row) + Environment.NewLine);
    }

    /// <summary>The 1-, 5- and 15-minute load averages, to tell whether the machine was busy during a run.</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Format(StudyRow r) => string.Join(',',
        r.Candidate, r.Minutes.ToString(Invariant), r.Seed.ToString(Invariant), r.Threads.ToString(Invariant), r.Steps.ToString(Invariant),
        r.TrainSeconds.ToString("0.0", Invariant), r.Accuracy.ToString("0.00000", Invariant), r.Interval.ToString("0.00000", Invariant),
        r.BothOrdersAccuracy?.ToString("0.00000", Invariant) ?? "", r.BothOrdersInterval?.ToString("0.00000", Invariant) ?? "",
        r.LoadBefore, r.LoadAfter, r.FinishedUtc.ToString("o", Invariant));

    private static StudyRow Parse(string line, string path, int number)
    {
        var f = line.Split(',');
        try
        {
            return new StudyRow(f[0], double.Parse(f[1], Invariant), int.Parse(f[2], Invariant), int.Parse(f[3], Invariant), int.Parse(f[4], Invariant),
                double.Parse(f[5], Invariant), double.Parse(f[6], Invariant), double.Parse(f[7], Invariant),
                f[8].Length == 0 ? null : double.Parse(f[8], Invariant), f[9].Length == 0 ? null : double.Parse(f[9], Invariant),
                f[10], f[11], DateTime.Parse(f[12], Invariant, DateTimeStyles.RoundtripKind));
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException($"'{path}' line {number} is not a study row: {e.Message}", e);
        }
    }
}

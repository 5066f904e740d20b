namespace ArcNet.Benchmarks;

/// <summary>Command-line settings of the harness.</summary>
internal sealed record BenchSettings
{
    public const string Usage = """
        usage: ArcNet.Benchmarks [--quick] [--threads N] [--only LIST] [--reps N] [--seconds S]
               ArcNet.Benchmarks --memory [--steps N] [--threads N]
          --quick        3 repetitions of >= 0.3 s each (default 5 of >= 1 s)
          --only LIST    comma-separated subset of: matmul, plain, conv, oneshot, candidates, profile
                         (candidates: training pairs/s and images/s of every recipe of the sample at 1 and 2 threads, or --threads;
                          profile: where one training step of the default recipe spends its time)
          --batches LIST plain ARC batch sizes to run (default 1,8,32,128,512)
          --threads N    torch.set_num_threads(N) before anything runs (default: LibTorch's choice)
          --memory       RSS (VmRSS, VmHWM) over a real ArcTrainer run of plain ARC at batch 128
          --steps N      training steps of the memory run (default 2000)
          --breakdown    time each part of a plain ARC controller step alone (development aid; uses --batches)
          --scalar-race  count LibTorch failures of t * 3.0 while another thread collects garbage without pause, called
                         plainly and through ArcNet's NativeRetry (TorchSharp 0.107's Scalar race; --seconds, default 20)
        """;

    public bool Quick { get; init; }
    public bool Memory { get; init; }
    public bool Help { get; init; }
    public bool Breakdown { get; init; }
    public bool ScalarRace { get; init; }
    public double ScalarRaceSeconds { get; init; } = 20;
    public int? Threads { get; init; }
    public int Repetitions { get; init; } = 5;
    public double SecondsPerRepetition { get; init; } = 1.0;
    public int MemorySteps { get; init; } = 2000;
    public int[]? Batches { get; init; }
    public HashSet<string> Only { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public bool Includes(string section) => Only.Count == 0 || Only.Contains(section);

    public static BenchSettings Parse(string[] args)
    {
        var s = new BenchSettings();
        int? reps = null;
        double? seconds = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--quick": s = s with { Quick = true }; break;
                case "--memory": s = s with { Memory = true }; break;
                case "--breakdown": s = s with { Breakdown = true }; break;
                case "--scalar-race": s = s with { ScalarRace = true }; break;
                case "--help" or "-h": s = s with { Help = true }; break;
                case "--threads": s = s with { Threads = PositiveInt(Next(), "--threads") }; break;
                case "--reps": reps = PositiveInt(Next(), "--reps"); break;
                case "--seconds": seconds = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--batches":
                    s = s with { Batches = Next().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(b => PositiveInt(b.Trim(), "--batches")).ToArray() };
                    break;
                case "--steps": s = s with { MemorySteps = PositiveInt(Next(), "--steps") }; break;
                case "--only":
                    var only = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    foreach (var name in only)
                        if (name is not ("matmul" or "plain" or "conv" or "oneshot" or "candidates" or "profile"))
                            throw new ArgumentException($"--only: unknown section '{name}'.");
                    s = s with { Only = new HashSet<string>(only, StringComparer.OrdinalIgnoreCase) };
                    break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        return s with
        {
            Repetitions = reps ?? (s.Quick ? 3 : 5),
            SecondsPerRepetition = seconds ?? (s.Quick ? 0.3 : 1.0),
            ScalarRaceSeconds = seconds ?? 20,
        };
    }

    private static int PositiveInt(string text, string name) =>
        int.TryParse(text, out int value) && value > 0 ? value : throw new ArgumentException($"{name} takes a positive integer; got '{text}'.");
}

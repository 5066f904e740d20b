using ArcNet.OneShot;
using ArcNet.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace ArcNet.Benchmarks;

/// <summary>The throughput table: matmul roofline, plain ARC and ConvARC forward and training, one-shot scoring.</summary>
internal static class Throughput
{
    private sealed record Row(string Workload, string Batch, string Unit, double UnitsPerIteration, Timing? Timing, double FlopPerUnit, string? Note = null);

    private static readonly int[] PlainBatches = [1, 8, 32, 128, 512];
    private static readonly int[] ConvBatches = [32, 128];

    public static void Run(BenchSettings settings)
    {
        var plain = new PlainArcOptions();
        var conv = new ConvArcOptions();
        Console.WriteLine(Flops.Describe(plain, conv));
        Console.WriteLine();
        Console.WriteLine("columns: ms/call = wall-clock median per call; cpu ms/call = process CPU time (all threads) per call; tensors/call = tensors created in dispose scopes per call (a proxy for native op count)");
        Console.WriteLine($"timing: warm-up (>= 2 calls and >= {settings.SecondsPerRepetition / 4:0.##} s), then {settings.Repetitions} repetitions of >= {settings.SecondsPerRepetition:0.##} s; median rate, spread = slowest..fastest repetition relative to the median");
        Console.WriteLine();

        double? roofline = null;
        var rows = new List<Row>();
        void Add(Row row)
        {
            rows.Add(row);
            if (row.Workload.StartsWith("fp32 matmul", StringComparison.Ordinal))
                roofline = row.UnitsPerIteration * row.FlopPerUnit / row.Timing!.Median / 1e9;
            Console.Error.WriteLine($"  measured: {row.Workload} batch {row.Batch}: {Format(row.UnitsPerIteration / (row.Timing?.Median ?? double.NaN))} {row.Unit}");
        }

        if (settings.Includes("matmul") || settings.Includes("plain") || settings.Includes("conv") || settings.Includes("oneshot"))
            Add(Matmul(settings));

        if (settings.Includes("plain"))
        {
            foreach (int batch in settings.Batches ?? PlainBatches)
                Add(Forward("plain ARC forward", plain, batch, settings));
            foreach (int batch in settings.Batches ?? PlainBatches)
                Add(Training("plain ARC training step", plain, batch, settings));
        }
        if (settings.Includes("conv"))
        {
            foreach (int batch in ConvBatches)
                Add(Forward("ConvARC forward", conv, batch, settings));
            foreach (int batch in ConvBatches)
                Add(Training("ConvARC training step", conv, batch, settings));
        }
        if (settings.Includes("oneshot"))
        {
            Add(NaiveOneShot(plain, settings, averageFlips: false));
            Add(NaiveOneShot(plain, settings, averageFlips: true));
            Add(FullContext(plain, settings));
        }

        Print(rows, roofline);
    }

    /// <summary>The fp32 matmul rate (GFLOP/s) at the current thread count: the roofline of every other figure.</summary>
    internal static double MatmulGflops(BenchSettings settings)
    {
        var row = Matmul(settings);
        return row.UnitsPerIteration * row.FlopPerUnit / row.Timing!.Median / 1e9;
    }

    private static Row Matmul(BenchSettings settings)
    {
        const int n = 1024;
        using var scope = NewDisposeScope();
        var a = randn(n, n);
        var b = randn(n, n);
        var timing = Timing.Measure(() =>
        {
            using var c = a.mm(b);
        }, settings.Repetitions, settings.SecondsPerRepetition);
        return new Row("fp32 matmul 1024x1024 @ 1024x1024 (roofline)", "-", "matmul/s", 1, timing, 2.0 * n * n * n);
    }

    private static (Tensor First, Tensor Second) Images(ArcOptions options, int batch)
    {
        // Omniglot-like inputs: mostly background (about -0.08 after centring), some ink.
        // Owned by the caller's dispose scope.
        var first = rand(batch, 1, options.ImageSize, options.ImageSize).gt(0.85).to(float32) - 0.08f;
        var second = rand(batch, 1, options.ImageSize, options.ImageSize).gt(0.85).to(float32) - 0.08f;
        return (first, second);
    }

    /// <summary>Inference as the library runs it: <see cref="Inference.Inferring{T}"/> (eval mode, inference mode) around the network.</summary>
    private static Row Forward(string name, ArcOptions options, int batch, BenchSettings settings)
    {
        manual_seed(1);
        using var comparator = new ArcComparator(options, seed: 1);
        using var scope = NewDisposeScope();
        var (first, second) = Images(options, batch);
        var network = comparator.Network;
        var timing = Timing.Measure(() =>
        {
            using var step = NewDisposeScope();
            Inference.Inferring(network, () => network.call(first, second));
        }, settings.Repetitions, settings.SecondsPerRepetition);
        return new Row(name, batch.ToString(), "pairs/s", batch, timing, Flops.ForwardPerPair(options));
    }

    /// <summary>One step as <c>ArcTrainer</c> takes it: train mode, forward, BCE with logits, loss read back, backward, Adam.</summary>
    private static Row Training(string name, ArcOptions options, int batch, BenchSettings settings)
    {
        manual_seed(1);
        using var comparator = new ArcComparator(options, seed: 1);
        using var scope = NewDisposeScope();
        var (first, second) = Images(options, batch);
        var target = (arange(batch) % 2).to(float32);
        var network = comparator.Network;
        using var optimizer = optim.Adam(network.parameters(), 1e-4);
        network.train();
        var timing = Timing.Measure(() =>
        {
            using var step = NewDisposeScope();
            optimizer.zero_grad();
            var logits = network.call(first, second);
            var loss = nn.functional.binary_cross_entropy_with_logits(logits, target);
            _ = loss.item<float>();
            loss.backward();
            optimizer.step();
        }, settings.Repetitions, settings.SecondsPerRepetition);
        network.eval();
        return new Row(name, batch.ToString(), "pairs/s", batch, timing, Flops.TrainingPerPair(options));
    }

    /// <summary>A Lake run's shape: 20 queries, each scored against 20 support images (400 pairs per call; with flips averaged, 400 in each of four views).</summary>
    private static Row NaiveOneShot(ArcOptions options, BenchSettings settings, bool averageFlips)
    {
        const int ways = 20, queries = 20;
        using var comparator = new ArcComparator(options, seed: 1);
        var classifier = new OneShotClassifier(comparator) { AverageFlips = averageFlips };
        using var scope = NewDisposeScope();
        var support = Images(options, ways).First;
        var moreQueries = Images(options, queries).First;
        var timing = Timing.Measure(() =>
        {
            using var scores = classifier.Scores(moreQueries, support);
        }, settings.Repetitions, settings.SecondsPerRepetition);
        int views = averageFlips ? 4 : 1;
        return new Row($"naive 20-way one-shot (OneShotClassifier.Scores, plain ARC{(averageFlips ? ", flips averaged" : "")})", $"{queries}x{ways}", "queries/s", queries, timing, views * ways * Flops.ForwardPerPair(options));
    }

    /// <summary>
    /// Full Context ARC on the same shape: the 400 relative representations h_T from plain ARC (inference mode), the
    /// 400 logits among the support images for the support context, then the bidirectional context LSTM over each
    /// query's 20 and a softmax. FLOP per query counts the ARC forwards only: 20 for the query, and its twentieth share
    /// of the support set's 400.
    /// </summary>
    private static Row FullContext(ArcOptions options, BenchSettings settings)
    {
        const int ways = 20, queries = 20;
        using var comparator = new ArcComparator(options, seed: 1);
        using var context = new FullContextArc(options.HiddenSize, seed: 1);
        var classifier = new OneShotClassifier(comparator, context);
        using var scope = NewDisposeScope();
        var support = Images(options, ways).First;
        var query = Images(options, queries).First;
        var timing = Timing.Measure(() =>
        {
            using var scores = classifier.Scores(query, support);
        }, settings.Repetitions, settings.SecondsPerRepetition);
        return new Row("Full Context ARC 20-way one-shot (OneShotClassifier.Scores, plain ARC + support context + context BiLSTM)", $"{queries}x{ways}", "queries/s", queries, timing,
            (ways + ways * ways / queries) * Flops.ForwardPerPair(options));
    }

    private static void Print(List<Row> rows, double? roofline)
    {
        var header = new[] { "workload", "batch", "median", "unit", "spread", "ms/call", "cpu ms/call", "tensors/call", "GFLOP/s", "% matmul" };
        var table = new List<string[]> { header };
        foreach (var row in rows)
        {
            if (row.Timing is not { } t)
            {
                table.Add([row.Workload + (row.Note is null ? "" : ": " + row.Note), row.Batch, "-", row.Unit, "-", "-", "-", "-", "-", "-"]);
                continue;
            }
            double rate = row.UnitsPerIteration / t.Median;
            double gflops = rate * row.FlopPerUnit / 1e9;
            string spread = $"{100 * (t.Median / t.Slowest - 1):+0.0;-0.0}%..{100 * (t.Median / t.Fastest - 1):+0.0;-0.0}%";
            string share = roofline is double r && !row.Workload.StartsWith("fp32 matmul", StringComparison.Ordinal) ? $"{100 * gflops / r:0.0}%" : "100%";
            table.Add([row.Workload, row.Batch, Format(rate), row.Unit, spread, $"{1000 * t.Median:0.###}", $"{1000 * t.CpuSecondsPerIteration:0.###}", $"{t.TensorsPerIteration:0}", $"{gflops:0.0}", share]);
        }
        int[] widths = Enumerable.Range(0, header.Length).Select(c => table.Max(r => r[c].Length)).ToArray();
        bool[] right = [false, true, true, false, true, true, true, true, true, true];
        foreach (var (r, i) in table.Select((r, i) => (r, i)))
        {
            Console.WriteLine("| " + string.Join(" | ", r.Select((cell, c) => right[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))) + " |");
            if (i == 0)
                Console.WriteLine("|" + string.Join("|", widths.Select((w, c) => right[c] ? new string('-', w + 1) + ":" : ":" + new string('-', w + 1))) + "|");
        }
    }

    private static string Format(double value) => value switch
    {
        double.NaN => "-",
        >= 100 => value.ToString("N0"),
        >= 10 => value.ToString("0.0"),
        _ => value.ToString("0.00"),
    };
}

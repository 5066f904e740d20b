using System.Globalization;
using System.Text;
using ScottPlot;

namespace ArcNet.Omniglot.Study;

/// <summary>The study as a Markdown table (median and range over seeds, each run's 95 % interval) and a time-to-accuracy plot.</summary>
internal static class StudyReport
{
    internal const string TableName = "study.md";
    internal const string PlotName = "time-to-accuracy.png";

    internal static void Write(IReadOnlyList<StudyRow> rows, IReadOnlyList<Recipe> order, string folder)
    {
        var groups = rows.GroupBy(r => (r.Candidate, r.Threads))
            .OrderBy(g => Order(order, g.Key.Candidate)).ThenBy(g => g.Key.Threads).ToArray();
        File.WriteAllText(Path.Combine(folder, TableName), Table(groups, order));
        File.WriteAllBytes(Path.Combine(folder, PlotName), Plot(groups, order));
    }

    private static int Order(IReadOnlyList<Recipe> order, string candidate)
    {
        int index = order.ToList().FindIndex(r => r.Name == candidate);
        return index < 0 ? int.MaxValue : index;
    }

    private static string Title(IReadOnlyList<Recipe> order, string candidate) => order.FirstOrDefault(r => r.Name == candidate)?.Title ?? candidate;

    private static string Table(IEnumerable<IGrouping<(string Candidate, int Threads), StudyRow>> groups, IReadOnlyList<Recipe> order)
    {
        var text = new StringBuilder();
        text.AppendLine("| candidate | threads | minutes | seeds | steps | held-out 20-way accuracy: median (range) | 95 % interval of each run | both orders averaged |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | --- | --- | --- |");
        foreach (var group in groups)
            foreach (var budget in group.GroupBy(r => r.Minutes).OrderBy(b => b.Key))
            {
                var runs = budget.OrderBy(r => r.Seed).ToArray();
                var both = runs.Where(r => r.BothOrdersAccuracy is not null).ToArray();
                text.AppendLine(string.Join(" | ",
                    $"| {Title(order, group.Key.Candidate)}", group.Key.Threads, budget.Key.ToString(CultureInfo.InvariantCulture), runs.Length,
                    string.Join(", ", runs.Select(r => r.Steps)),
                    Summary(runs.Select(r => r.Accuracy).ToArray()),
                    string.Join(", ", runs.Select(r => $"±{100 * r.Interval:0.0}")),
                    both.Length == 0 ? "–" : Summary(both.Select(r => r.BothOrdersAccuracy!.Value).ToArray())) + " |");
            }
        return text.ToString();
    }

    private static string Summary(double[] accuracies)
    {
        double median = Median(accuracies);
        return accuracies.Length == 1 ? $"{100 * median:0.0} %" : $"{100 * median:0.0} % ({100 * accuracies.Min():0.0}–{100 * accuracies.Max():0.0})";
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>One line per candidate and thread count: median accuracy against minutes, the range over seeds as error bars.</summary>
    private static byte[] Plot(IEnumerable<IGrouping<(string Candidate, int Threads), StudyRow>> groups, IReadOnlyList<Recipe> order)
    {
        using var plot = new Plot();
        foreach (var group in groups)
        {
            var budgets = group.GroupBy(r => r.Minutes).OrderBy(b => b.Key).ToArray();
            var x = budgets.Select(b => b.Key).ToArray();
            var medians = budgets.Select(b => 100 * Median(b.Select(r => r.Accuracy).ToArray())).ToArray();
            var scatter = plot.Add.Scatter(x, medians);
            scatter.LegendText = $"{Title(order, group.Key.Candidate)} ({group.Key.Threads} thread{(group.Key.Threads == 1 ? "" : "s")})";
            scatter.MarkerSize = 7;
            // The range over seeds as a vertical bar at each budget with several runs.
            foreach (var budget in budgets.Where(b => b.Count() > 1))
            {
                var range = plot.Add.Line(budget.Key, 100 * budget.Min(r => r.Accuracy), budget.Key, 100 * budget.Max(r => r.Accuracy));
                range.Color = scatter.Color;
                range.LineWidth = 2;
            }
        }
        plot.Title("Held-out 20-way within-alphabet one-shot accuracy against training time");
        plot.XLabel("training minutes (wall clock)");
        plot.YLabel("accuracy (%)");
        plot.Axes.Bottom.Min = 0;
        plot.ShowLegend(Alignment.LowerRight);
        return plot.GetImageBytes(900, 560, ImageFormat.Png);
    }
}

using ArcNet.Training;
using ScottPlot;

namespace ArcNet.Visualization;

/// <summary>Draws training curves as a PNG with ScottPlot: loss on the left, accuracy on the right, training and validation in each.</summary>
internal static class TrainingCurvePlot
{
    internal const int PanelWidth = 480;
    internal const int Height = 340;

    internal static byte[] Render(IReadOnlyList<TrainingCurvePoint> points)
    {
        var steps = points.Select(p => (double)p.Step).ToArray();
        var figure = new Multiplot { Layout = new ScottPlot.MultiplotLayouts.Columns() };
        try
        {
            // Validation is always the pairs' binary cross-entropy; training is the recipe's objective (an episode's
            // summed losses for ConvARC-lite), so the title names neither.
            Panel(figure.GetPlot(0), "loss", steps,
                points.Select(p => p.TrainLoss).ToArray(), points.Select(p => p.ValidationLoss).ToArray(), Alignment.UpperRight);
            var accuracy = figure.AddPlot();
            Panel(accuracy, "accuracy", steps,
                points.Select(p => p.TrainAccuracy).ToArray(), points.Select(p => p.ValidationAccuracy).ToArray(), Alignment.LowerRight);
            accuracy.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = value => $"{100 * value:0.#} %" };
            using var image = figure.Render(2 * PanelWidth, Height);
            return image.GetImageBytes(ImageFormat.Png, quality: 100);
        }
        finally
        {
            foreach (var plot in figure.GetPlots())
                plot.Dispose();
        }
    }

    /// <summary>One panel; a loss falls and an accuracy rises, so each keeps its legend in the corner its curves leave free.</summary>
    private static void Panel(Plot plot, string title, double[] steps, double[] train, double[] validation, Alignment legend)
    {
        plot.Add.Scatter(steps, train).LegendText = "training (recent average)";
        plot.Add.Scatter(steps, validation).LegendText = "validation";
        plot.Title(title);
        plot.XLabel("step");
        plot.ShowLegend(legend);
    }
}

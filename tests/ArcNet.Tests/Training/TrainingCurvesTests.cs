using System.Globalization;
using ArcNet.Data;
using ArcNet.Tests.Data;
using ArcNet.Training;
using ArcNet.Visualization;
using FluentAssertions;
using SkiaSharp;
using Xunit;

namespace ArcNet.Tests.Training;

[Collection(OmniglotCollection.Name)]
public class TrainingCurvesTests(OmniglotTestData data)
{
    private static readonly PlainArcOptions Tiny = new() { HiddenSize = 16, GlimpsesPerImage = 2 };

    private readonly (ImageSubset Train, ImageSubset Validation) _split =
        ImageSplit.ByInstance(data.Union.All.Where(i => data.Union.GroupOf[i] < 2));

    private static TrainingOptions Steps(int maxSteps) =>
        new() { BatchSize = 8, MaxSteps = maxSteps, ValidateEvery = 2, CheckpointEvery = 2, ValidationBatches = 1, AugmentationStrength = 0, LearningRate = 1e-3 };

    private static string Checkpoint() => Path.Combine(OmniglotTestData.TempFolder(), "run.checkpoint");

    private List<TrainingProgress> Train(string checkpoint, int maxSteps, bool resume = false)
    {
        using var comparator = new ArcComparator(Tiny);
        using var trainer = new ArcTrainer(comparator, _split.Train, _split.Validation, Steps(maxSteps), checkpoint);
        if (resume)
            trainer.TryResume().Should().BeTrue();
        var reports = new List<TrainingProgress>();
        trainer.Run(new SynchronousProgress(reports.Add));
        return reports;
    }

    [Fact]
    public void The_trainer_writes_the_values_it_reports_at_each_validation_beside_the_checkpoint()
    {
        string checkpoint = Checkpoint();

        var reports = Train(checkpoint, maxSteps: 4);

        string csv = Path.Combine(Path.GetDirectoryName(checkpoint)!, "run.curves.csv");
        var lines = File.ReadAllLines(csv);
        lines[0].Should().Be("step,train_loss,train_accuracy,validation_loss,validation_accuracy");
        var rows = lines.Skip(1).Select(line => line.Split(',').Select(cell => double.Parse(cell, CultureInfo.InvariantCulture)).ToArray()).ToList();
        var validated = reports.Where(r => r.Validation?.Step == r.Step).ToList();
        validated.Select(r => r.Step).Should().Equal(2, 4);
        rows.Select(row => row[0]).Should().Equal(2, 4);
        for (int i = 0; i < rows.Count; i++)
            rows[i][1..].Should().Equal(validated[i].Loss, validated[i].Accuracy, validated[i].Validation!.Loss, validated[i].Validation!.Accuracy);

        using var plot = SKBitmap.Decode(Path.Combine(Path.GetDirectoryName(checkpoint)!, "run.curves.png"));
        (plot.Width, plot.Height).Should().Be((2 * TrainingCurvePlot.PanelWidth, TrainingCurvePlot.Height));
    }

    [Fact]
    public void A_resumed_run_appends_to_the_curves_and_drops_rows_after_its_checkpoint()
    {
        string checkpoint = Checkpoint();
        Train(checkpoint, maxSteps: 2);
        var curves = new TrainingCurves(checkpoint);
        // A validation at step 3 that the checkpoint at step 2 does not include: its steps are about to run again.
        File.AppendAllText(curves.CsvPath, "3,0.5,0.5,0.5,0.5\n");

        Train(checkpoint, maxSteps: 4, resume: true);

        TrainingCurves.Read(curves.CsvPath).Select(p => p.Step).Should().Equal(2, 4);
    }

    [Fact]
    public void Curves_are_not_written_without_a_checkpoint_path()
    {
        using var comparator = new ArcComparator(Tiny);
        using var trainer = new ArcTrainer(comparator, _split.Train, _split.Validation, Steps(2));

        (trainer.CurvesTablePath, trainer.CurvesPlotPath).Should().Be((null, null));
    }

    [Fact]
    public void A_table_that_is_not_training_curves_is_refused_on_resume()
    {
        var curves = new TrainingCurves(Checkpoint());
        File.WriteAllText(curves.CsvPath, "step,loss\n1,2\n");

        curves.Invoking(c => c.Resume(10)).Should().Throw<InvalidDataException>().WithMessage("*training curves header*");
    }

    [Fact]
    public void The_table_round_trips_exactly()
    {
        var points = new[] { new TrainingCurvePoint(500, 0.6931471805599453, 0.5078125, 0.1 + 0.2, 1.0 / 3) };
        string path = Path.Combine(OmniglotTestData.TempFolder(), "c.csv");
        File.WriteAllText(path, TrainingCurves.Csv(points));

        TrainingCurves.Read(path).Should().Equal(points);
    }

    [Fact]
    public void The_plot_draws_with_no_point_one_point_or_undefined_values()
    {
        TrainingCurvePoint[][] cases = [[], [new(1, 0.7, 0.5, 0.69, 0.5)], [new(1, double.NaN, 0.5, 0.7, 0.5), new(5, 0.6, 0.6, 0.65, 0.6)]];

        foreach (var points in cases)
        {
            using var plot = SKBitmap.Decode(TrainingCurvePlot.Render(points));
            plot.Width.Should().Be(2 * TrainingCurvePlot.PanelWidth);
        }
    }
}

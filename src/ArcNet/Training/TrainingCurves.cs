using System.Globalization;
using System.Text;
using ArcNet.IO;
using ArcNet.Visualization;

namespace ArcNet.Training;

/// <summary>
/// The loss and accuracy curves of a training run, kept beside its checkpoint as a CSV table and a PNG plot, both
/// rewritten atomically after every validation so that either can be looked at while training runs.
/// </summary>
internal sealed class TrainingCurves
{
    internal const string Header = "step,train_loss,train_accuracy,validation_loss,validation_accuracy";

    private readonly List<TrainingCurvePoint> _points = [];

    /// <summary>Curves for the run checkpointed at <paramref name="checkpointPath"/>: its extension becomes .curves.csv and .curves.png.</summary>
    internal TrainingCurves(string checkpointPath)
    {
        CsvPath = Path.ChangeExtension(checkpointPath, ".curves.csv");
        PlotPath = Path.ChangeExtension(checkpointPath, ".curves.png");
    }

    internal string CsvPath { get; }

    internal string PlotPath { get; }

    /// <summary>
    /// Continues the curves of a resumed run from its CSV, if there is one. Rows after <paramref name="step"/> were
    /// measured after the checkpoint being resumed from was written; those steps will run again, so they are dropped.
    /// </summary>
    /// <exception cref="InvalidDataException">The CSV is not one these curves wrote.</exception>
    internal void Resume(int step)
    {
        _points.Clear();
        if (File.Exists(CsvPath))
            _points.AddRange(Read(CsvPath).Where(point => point.Step <= step));
    }

    /// <summary>Adds a validation's numbers and rewrites both files.</summary>
    internal void Add(TrainingCurvePoint point)
    {
        _points.Add(point);
        AtomicFile.Write(CsvPath, stream => stream.Write(Encoding.UTF8.GetBytes(Csv(_points))));
        byte[] plot = TrainingCurvePlot.Render(_points);
        AtomicFile.Write(PlotPath, stream => stream.Write(plot));
    }

    internal static string Csv(IEnumerable<TrainingCurvePoint> points)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var p in points)
            text.Append(CultureInfo.InvariantCulture, $"{p.Step},{p.TrainLoss:R},{p.TrainAccuracy:R},{p.ValidationLoss:R},{p.ValidationAccuracy:R}\n");
        return text.ToString();
    }

    internal static List<TrainingCurvePoint> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header)
            throw new InvalidDataException($"'{path}' does not start with the training curves header '{Header}'; move it away to start new curves.");
        var points = new List<TrainingCurvePoint>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
                continue;
            var cells = lines[i].Split(',');
            if (cells.Length != 5 || !int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int step)
                || !cells.Skip(1).All(cell => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                throw new InvalidDataException($"'{path}' line {i + 1} is not a row of five numbers: '{lines[i]}'.");
            var numbers = cells.Skip(1).Select(cell => double.Parse(cell, CultureInfo.InvariantCulture)).ToArray();
            points.Add(new TrainingCurvePoint(step, numbers[0], numbers[1], numbers[2], numbers[3]));
        }
        return points;
    }
}

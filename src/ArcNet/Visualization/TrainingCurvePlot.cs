using System.Globalization;
using ArcNet.Training;
using SkiaSharp;

namespace ArcNet.Visualization;

/// <summary>Draws training curves as a PNG: loss on the left, accuracy on the right, training and validation in each.</summary>
internal static class TrainingCurvePlot
{
    internal const int PanelWidth = 480;
    internal const int Height = 340;

    private static readonly SKColor TrainColour = new(40, 100, 200);
    private static readonly SKColor ValidationColour = new(230, 120, 20);

    internal static byte[] Render(IReadOnlyList<TrainingCurvePoint> points)
    {
        using var bitmap = Drawing.Blank(2 * PanelWidth, Height);
        using var canvas = new SKCanvas(bitmap);
        var steps = points.Select(p => (double)p.Step).ToArray();
        DrawPanel(canvas, new SKRect(0, 0, PanelWidth, Height), "loss (binary cross-entropy)", steps,
            points.Select(p => p.TrainLoss).ToArray(), points.Select(p => p.ValidationLoss).ToArray(), scale: 1, unit: "");
        DrawPanel(canvas, new SKRect(PanelWidth, 0, 2 * PanelWidth, Height), "accuracy", steps,
            points.Select(p => p.TrainAccuracy).ToArray(), points.Select(p => p.ValidationAccuracy).ToArray(), scale: 100, unit: " %");
        canvas.Flush();
        return Drawing.EncodePng(bitmap);
    }

    private static void DrawPanel(SKCanvas canvas, SKRect bounds, string title, double[] steps, double[] train, double[] validation, double scale, string unit)
    {
        var plot = new SKRect(bounds.Left + 70, bounds.Top + 34, bounds.Right - 16, bounds.Bottom - 46);
        var x = Axis.Spanning(steps, minimumStep: 1);
        var y = Axis.Spanning(train.Concat(validation).Where(double.IsFinite), minimumStep: 0);
        float X(double v) => plot.Left + (float)((v - x.Low) / (x.High - x.Low)) * plot.Width;
        float Y(double v) => plot.Bottom - (float)((v - y.Low) / (y.High - y.Low)) * plot.Height;

        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var grid = new SKPaint { Color = new SKColor(225, 225, 225), Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        using var frame = new SKPaint { Color = SKColors.Gray, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        using var titleFont = Drawing.Font(15);
        using var labelFont = Drawing.Font(11);
        canvas.DrawText(title, plot.MidX, bounds.Top + 22, SKTextAlign.Center, titleFont, text);
        foreach (double tick in y.Ticks())
        {
            canvas.DrawLine(plot.Left, Y(tick), plot.Right, Y(tick), grid);
            canvas.DrawText(y.Label(tick, scale) + unit, plot.Left - 6, Y(tick) + 4, SKTextAlign.Right, labelFont, text);
        }
        foreach (double tick in x.Ticks())
        {
            canvas.DrawLine(X(tick), plot.Top, X(tick), plot.Bottom, grid);
            canvas.DrawText(x.Label(tick, 1), X(tick), plot.Bottom + 16, SKTextAlign.Center, labelFont, text);
        }
        canvas.DrawText("step", plot.MidX, plot.Bottom + 34, SKTextAlign.Center, labelFont, text);
        canvas.DrawRect(plot, frame);

        canvas.Save();
        canvas.ClipRect(plot);
        DrawSeries(canvas, steps, train, TrainColour, X, Y);
        DrawSeries(canvas, steps, validation, ValidationColour, X, Y);
        canvas.Restore();

        (string Name, SKColor Colour)[] legend = [("training (recent average)", TrainColour), ("validation", ValidationColour)];
        using var legendBackground = new SKPaint { Color = SKColors.White.WithAlpha(220) };
        canvas.DrawRect(new SKRect(plot.Right - 176, plot.Top + 2, plot.Right - 2, plot.Top + 8 + 16 * legend.Length), legendBackground);
        for (int i = 0; i < legend.Length; i++)
        {
            float top = plot.Top + 14 + 16 * i;
            using var swatch = new SKPaint { Color = legend[i].Colour, StrokeWidth = 3, IsAntialias = true };
            canvas.DrawLine(plot.Right - 170, top - 4, plot.Right - 150, top - 4, swatch);
            canvas.DrawText(legend[i].Name, plot.Right - 144, top, SKTextAlign.Left, labelFont, text);
        }
    }

    private static void DrawSeries(SKCanvas canvas, double[] steps, double[] values, SKColor colour, Func<double, float> x, Func<double, float> y)
    {
        using var line = new SKPaint { Color = colour, Style = SKPaintStyle.Stroke, StrokeWidth = 2, IsAntialias = true };
        using var dot = new SKPaint { Color = colour, Style = SKPaintStyle.Fill, IsAntialias = true };
        using var path = new SKPath();
        for (int i = 0; i < steps.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                continue;
            var point = new SKPoint(x(steps[i]), y(values[i]));
            if (path.IsEmpty)
                path.MoveTo(point);
            else
                path.LineTo(point);
            canvas.DrawCircle(point, 3, dot);
        }
        canvas.DrawPath(path, line);
    }

    /// <summary>An axis range widened to round tick values, about five ticks over the data, no closer than a minimum step.</summary>
    private readonly record struct Axis(double Low, double High, double Step)
    {
        internal static Axis Spanning(IEnumerable<double> values, double minimumStep)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (double v in values)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            if (min > max)
                (min, max) = (0, 1);
            if (max - min < 1e-9)
                (min, max) = (min - Math.Max(Math.Abs(min) * 0.1, 1e-3), max + Math.Max(Math.Abs(max) * 0.1, 1e-3));
            double raw = (max - min) / 5;
            double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
            double fraction = raw / magnitude;
            double step = Math.Max(minimumStep, magnitude * (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10));
            return new Axis(Math.Floor(min / step) * step, Math.Ceiling(max / step) * step, step);
        }

        /// <summary>A tick value times <paramref name="scale"/>, with just enough decimals to tell neighbouring ticks apart.</summary>
        internal string Label(double tick, double scale)
        {
            int decimals = Math.Max(0, (int)-Math.Floor(Math.Log10(Step * scale) + 1e-9));
            return (tick * scale).ToString("F" + decimals, CultureInfo.InvariantCulture);
        }

        internal IEnumerable<double> Ticks()
        {
            int count = (int)Math.Round((High - Low) / Step);
            for (int i = 0; i <= count; i++)
                yield return Low + i * Step;
        }
    }
}

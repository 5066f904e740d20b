using ArcNet.Attention;
using ArcNet.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace ArcNet.Visualization;

/// <summary>Runs one comparison with the controller's step record on and copies what it saw into a <see cref="ComparisonTrace"/>.</summary>
internal static class TraceRecorder
{
    /// <summary>Traces the pair (<paramref name="first"/>, <paramref name="second"/>), each validated (1, C, A, A); the caller sets eval mode and no_grad.</summary>
    internal static ComparisonTrace Record(ArcNetwork network, Tensor first, Tensor second)
    {
        using var scope = NewDisposeScope();
        int imageSize = network.Options.ImageSize, attendedSize = network.Options.AttendedSize, glimpseSize = network.Options.GlimpseSize;

        var record = new List<ControllerStep>();
        var (firstCodes, secondCodes) = network.EncodePair(first, second);
        double similarity = network.Score(firstCodes, secondCodes, record).sigmoid().item<float>();

        var parameters = cat(record.Select(step => step.Parameters).ToArray(), 0);                     // (T, 3)
        using var geometry = GlimpseWindow.Geometry(parameters, attendedSize, glimpseSize);
        var filters = GlimpseWindow.FilterbanksUnchecked(parameters, attendedSize, glimpseSize,
            GlimpseWindow.PixelGrid(attendedSize, parameters));                                         // (T, 2, N, A')
        var columnSums = filters.sum(2);                                                                // (T, 2, A')
        var attention = columnSums[.., 0].unsqueeze(2) * columnSums[.., 1].unsqueeze(1);                // (T, A', A')
        if (attendedSize != imageSize)
            attention = nn.functional.interpolate(attention.unsqueeze(1), [imageSize, imageSize],
                mode: InterpolationMode.Bilinear, align_corners: false).squeeze(1);                     // (T, A, A)

        // ConvARC's feature cell j covers image pixels j·f .. j·f + f - 1, so its centre sits at (j + 0.5)·f - 0.5.
        double factor = imageSize / (double)attendedSize;
        var raw = Floats(parameters);
        var centreY = Floats(geometry.CentreY);
        var centreX = Floats(geometry.CentreX);
        var stride = Floats(geometry.Stride);
        var scale = Floats(geometry.Scale);
        var steps = new TraceStep[record.Count];
        for (int t = 0; t < steps.Length; t++)
        {
            var region = new GlimpseRegion((centreY[t] + 0.5) * factor - 0.5, (centreX[t] + 0.5) * factor - 0.5,
                stride[t] * factor, scale[t] * factor, glimpseSize);
            var glimpse = record[t].Glimpse;                                                            // (1, C, N, N)
            steps[t] = new TraceStep(t, record[t].Image,
                (raw[3 * t], raw[3 * t + 1], raw[3 * t + 2]), region,
                new ValueGrid(Floats(glimpse), (int)glimpse.shape[1], glimpseSize, glimpseSize),
                new ValueGrid(Floats(attention[t]), 1, imageSize, imageSize));
        }
        return new ComparisonTrace(Grid(first, imageSize), Grid(second, imageSize), glimpseSize, steps, similarity);
    }

    private static ValueGrid Grid(Tensor image, int imageSize) => new(Floats(image), (int)image.shape[1], imageSize, imageSize);

    private static float[] Floats(Tensor tensor)
    {
        using var cpu = tensor.detach().to(float32).cpu().contiguous();
        return cpu.data<float>().ToArray();
    }
}

using ArcNet.Attention;
using static TorchSharp.torch;

namespace ArcNet.Benchmarks;

/// <summary>
/// Where a plain ARC forward spends its time: each part of a controller step timed alone, 16 times over, at one batch
/// size (no autograd). A development aid for the optimisation work: the parts do not sum exactly to the whole.
/// </summary>
internal static class Breakdown
{
    public static void Run(BenchSettings settings)
    {
        var o = new PlainArcOptions();
        int h = o.HiddenSize, steps = o.Steps, n = o.GlimpseSize, a = o.ImageSize, input = n * n;
        foreach (int batch in settings.Batches ?? [1, 128])
        {
            using var scope = NewDisposeScope();
            using var noGrad = inference_mode();
            var weight = randn(input + h, 4 * h) * 0.05;
            var bias = zeros(4 * h);
            var wg = randn(3, h) * 0.01;
            var x = randn(batch, input);
            var hidden = randn(batch, h) * 0.1;
            var cell = randn(batch, h) * 0.1;
            var gates = randn(batch, 4 * h);
            var parameters = randn(batch, 3) * 0.3;
            var images = randn(batch, a, a);
            var grid = GlimpseWindow.PixelGrid(a, images);

            var parts = new (string Name, Action Step)[]
            {
                ("cat([x, h]) + addmm (LSTM matmul)", () => addmm(bias, cat(new[] { x, hidden }, 1), weight, 1, 1)),
                ("addmm alone on a ready [x, h]", () => { }),
                ("LSTM gate elementwise", () =>
                {
                    var candidate = gates[.., ..h].tanh();
                    var sig = gates[.., h..].sigmoid();
                    var c = sig[.., h..(2 * h)] * cell + sig[.., ..h] * candidate;
                    _ = sig[.., (2 * h)..] * c.tanh();
                }),
                ("parameter map W_g h", () => nn.functional.linear(hidden, wg)),
                ("filterbanks", () => GlimpseWindow.FilterbanksUnchecked(parameters, a, n, grid)),
                ("filterbanks + glimpse (ExtractUnchecked)", () => GlimpseWindow.ExtractUnchecked(images, parameters, n, grid)),
            };
            var xh = cat(new[] { x, hidden }, 1);
            parts[1].Step = () => addmm(bias, xh, weight, 1, 1);

            Console.WriteLine($"breakdown, batch {batch}, {steps} repetitions of each part per call:");
            foreach (var (name, step) in parts)
            {
                var t = Timing.Measure(() =>
                {
                    using var inner = NewDisposeScope();
                    for (int s = 0; s < steps; s++)
                        step();
                }, settings.Repetitions, settings.SecondsPerRepetition);
                Console.WriteLine($"  {name,-45} {1000 * t.Median,9:F3} ms  cpu {1000 * t.CpuSecondsPerIteration,9:F3} ms  tensors {t.TensorsPerIteration,5:0}");
            }
        }
    }
}

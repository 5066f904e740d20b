namespace ArcNet.Benchmarks;

/// <summary>
/// Analytic floating-point operation counts per pair, the numerator of every "fraction of roofline".
/// Convention: a multiply-add is 2 FLOP; every other elementwise add, multiply, divide, exp, tanh or sigmoid is 1.
/// </summary>
internal static class Flops
{
    /// <summary>Operations per step of the controller, by part.</summary>
    public sealed record StepCount(double Lstm, double LstmElementwise, double ParameterMap, double Filterbanks, double Glimpse)
    {
        public double Total => Lstm + LstmElementwise + ParameterMap + Filterbanks + Glimpse;
    }

    public static StepCount Step(ArcOptions o)
    {
        double h = o.HiddenSize, n = o.GlimpseSize, a = o.AttendedSize, c = o.AttendedChannels;
        double input = c * n * n;
        return new StepCount(
            Lstm: 2 * (input + h) * 4 * h,                  // [glimpse, h] (In + H) x (In + H, 4H)
            LstmElementwise: 13 * h,                        // bias 4H, tanh H, sigmoid 3H, f*c + i*g 3H, tanh(c) H, o*tanh H
            ParameterMap: 2 * h * 3,                        // W_g h, (3 x H)
            Filterbanks: 2 * n * a * 8,                     // F_Y and F_X, (N x A) each: 8 ops per entry
            Glimpse: c * (2 * n * a * a + 2 * n * a * n));  // F_Y I (N x A)(A x A), then (N x A)(A x N), per channel
    }

    /// <summary>Convolutions of ConvARC's Wide ResNet trunk for one image (BN, ReLU and residual adds, about 1 % more, not counted).</summary>
    public static double Trunk(ConvArcOptions o)
    {
        double full = o.ImageSize * (double)o.ImageSize, half = full / 4;
        double Conv(int k, int cin, int cout, double positions) => 2.0 * k * k * cin * cout * positions;
        double total = Conv(3, 1, 16, full);                                                  // stem
        total += Conv(3, 16, 32, full) + Conv(3, 32, 32, full) + Conv(1, 16, 32, full);        // block 1 (+ 1x1 shortcut)
        total += 3 * (Conv(3, 32, 32, full) + Conv(3, 32, 32, full));                          // blocks 2-4
        total += Conv(3, 32, 64, half) + Conv(3, 64, 64, half) + Conv(1, 32, 64, half);        // block 5, stride 2 (+ shortcut)
        total += 5 * (Conv(3, 64, 64, half) + Conv(3, 64, 64, half));                          // blocks 6-10
        return total;
    }

    /// <summary>Convolutions of the ConvARC-lite / prototypical trunk for one image: four 3 x 3 blocks, each at half the previous side.</summary>
    public static double LightTrunk(int imageSize, int imageChannels, int channels)
    {
        double total = 0, side = imageSize;
        for (int block = 0; block < 4; block++)
        {
            total += 2.0 * 9 * (block == 0 ? imageChannels : channels) * channels * side * side;
            side = Math.Floor(side / 2);
        }
        return total;
    }

    /// <summary>Forward FLOP of the encoder per image: a trunk's convolutions, nothing for plain ARC's pixels.</summary>
    public static double TrunkPerImage(ComparatorOptions o) => o switch
    {
        ConvArcOptions conv => Trunk(conv),
        ConvArcLiteOptions lite => LightTrunk(lite.ImageSize, lite.ImageChannels, lite.TrunkChannels),
        PrototypicalOptions prototypical => LightTrunk(prototypical.ImageSize, prototypical.ImageChannels, prototypical.TrunkChannels),
        _ => 0,
    };

    /// <summary>Forward FLOP of the controller and head per pair (none for a prototypical network).</summary>
    public static double ControllerPerPair(ComparatorOptions o) => o is ArcOptions arc ? arc.Steps * Step(arc).Total + 2.0 * arc.HiddenSize + 1 : 0;

    /// <summary>Forward FLOP per pair: the controller's steps, the head, and for ConvARC the trunk on both images.</summary>
    public static double ForwardPerPair(ArcOptions o) => ControllerPerPair(o) + (o is ConvArcOptions conv ? 2 * Trunk(conv) : 0);

    /// <summary>Training FLOP per pair: forward plus a backward counted as twice the forward.</summary>
    public static double TrainingPerPair(ArcOptions o) => 3 * ForwardPerPair(o);

    public static string Describe(PlainArcOptions plain, ConvArcOptions conv)
    {
        var s = Step(plain);
        var sc = Step(conv);
        return string.Join(Environment.NewLine,
            "FLOP per pair (analytic; multiply-add = 2, other elementwise op = 1):",
            $"  plain ARC ({plain.ImageSize}x{plain.ImageSize}, glimpse {plain.GlimpseSize}, {plain.GlimpsesPerImage} glimpses/image = {plain.Steps} steps, H = {plain.HiddenSize}), per step:",
            $"    LSTM matmul   2 x ({plain.GlimpseSize * plain.GlimpseSize} + {plain.HiddenSize}) x {4 * plain.HiddenSize} = {s.Lstm:N0}",
            $"    LSTM gates    13 H                    = {s.LstmElementwise:N0}",
            $"    param map     2 x H x 3               = {s.ParameterMap:N0}",
            $"    filterbanks   2 x N x A x 8           = {s.Filterbanks:N0}",
            $"    glimpse       2NA^2 + 2NAN            = {s.Glimpse:N0}",
            $"    step total {s.Total:N0}; x {plain.Steps} steps + head {2 * plain.HiddenSize + 1} = forward {ForwardPerPair(plain) / 1e6:F2} MFLOP/pair",
            $"  ConvARC (H = {conv.HiddenSize}, {conv.AttendedChannels} x {conv.AttendedSize} x {conv.AttendedSize} maps): trunk convs {Trunk(conv) / 1e6:F1} MFLOP/image x 2 images"
                + $" + controller {conv.Steps} x {sc.Total / 1e6:F3} MFLOP = forward {ForwardPerPair(conv) / 1e6:F1} MFLOP/pair",
            "  training step = 3 x forward (backward counted as 2 x forward); Adam and the loss not counted",
            "  20-way one-shot query = 20 forward pairs (Full Context ARC: 40, with its share of the 400 among a 20-image support set)");
    }
}

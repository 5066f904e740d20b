using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// The sequence reader both Full Context heads are built on: a bidirectional LSTM of <see cref="Units"/> units each way
/// over the K supports of a set, started from a learned state shared by every set, its forget gates biased to 1 (the
/// paper's settings). A head registers the three parts under the names <c>lstm</c>, <c>h0</c> and <c>c0</c>.
/// </summary>
internal static class SupportSetLstm
{
    internal const int Units = 128;
    internal const double ForgetBias = 1.0;

    /// <summary>The LSTM over <paramref name="features"/> numbers per support, and its initial hidden and cell states (2, 1, U).</summary>
    internal static (LSTM Lstm, Parameter H0, Parameter C0) Create(int features)
    {
        var lstm = nn.LSTM(features, Units, bidirectional: true, batchFirst: true);
        using (no_grad())
        {
            // PyTorch's gate order is i, f, g, o; the two bias vectors add, so the forget bias lives in bias_ih alone.
            foreach (var (name, parameter) in lstm.named_parameters())
            {
                if (!name.StartsWith("bias", StringComparison.Ordinal))
                    continue;
                parameter.zero_();
                if (name.StartsWith("bias_ih", StringComparison.Ordinal))
                    parameter[Units..(2 * Units)].fill_(ForgetBias);
            }
        }
        return (lstm, new Parameter(zeros(2, 1, Units)), new Parameter(zeros(2, 1, Units)));
    }

    /// <summary>Reads <paramref name="features"/> (B, K, F) as B sequences of K supports: (B, K, 2U).</summary>
    internal static Tensor Read(LSTM lstm, Parameter h0, Parameter c0, Tensor features)
    {
        long batch = features.shape[0];
        var state = (h0.expand(2, batch, Units).contiguous(), c0.expand(2, batch, Units).contiguous());
        var (sequence, _, _) = lstm.call(features, state);                          // (B, K, 2U)
        return sequence;
    }
}

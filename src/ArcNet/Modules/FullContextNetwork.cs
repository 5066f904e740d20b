using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// Full Context ARC's head: a bidirectional LSTM (128 units each way, a learned initial state, forget bias 1) reads
/// the relative representations h_T(support_k, query) of a whole support set as a sequence, so each support's score
/// can depend on all the others; per position Linear(256, 1) + ELU gives a score. (B, K, H) -> logits (B, K); the
/// softmax over K is the caller's.
/// </summary>
/// <remarks>
/// This is the network <see cref="OneShot.FullContextArc"/> runs and saves. Feed it <see cref="ArcNetwork.Represent(Tensor, Tensor)"/>
/// of every (support, query) pair of an episode, shaped (episodes, supports, H).
/// </remarks>
public sealed class FullContextNetwork : nn.Module<Tensor, Tensor>
{
    internal const int Units = 128;
    internal const double ForgetBias = 1.0;

    [ComponentName(Name = "lstm")] private readonly LSTM _lstm;
    [ComponentName(Name = "h0")] private readonly Parameter _h0;
    [ComponentName(Name = "c0")] private readonly Parameter _c0;
    [ComponentName(Name = "score")] private readonly Linear _score;

    /// <summary>A freshly initialised network for representations of <paramref name="representationSize"/> units: the comparator's hidden size.</summary>
    public FullContextNetwork(int representationSize) : base(nameof(FullContextNetwork))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(representationSize, 1);
        _lstm = nn.LSTM(representationSize, Units, bidirectional: true, batchFirst: true);
        // A learned initial state per direction, shared by every sequence.
        _h0 = new Parameter(zeros(2, 1, Units));
        _c0 = new Parameter(zeros(2, 1, Units));
        _score = nn.Linear(2 * Units, 1);
        using (no_grad())
        {
            // PyTorch's gate order is i, f, g, o; the two bias vectors add, so the forget bias lives in bias_ih alone.
            foreach (var (name, parameter) in _lstm.named_parameters())
            {
                if (!name.StartsWith("bias", StringComparison.Ordinal))
                    continue;
                parameter.zero_();
                if (name.StartsWith("bias_ih", StringComparison.Ordinal))
                    parameter[Units..(2 * Units)].fill_(ForgetBias);
            }
        }
        RegisterComponents();
    }

    /// <summary>Logits (B, K) for <paramref name="representations"/> (B, K, H): B sets of K representations each.</summary>
    public override Tensor forward(Tensor representations)
    {
        long batch = representations.shape[0];
        var state = (_h0.expand(2, batch, Units).contiguous(), _c0.expand(2, batch, Units).contiguous());
        var (sequence, _, _) = _lstm.call(representations, state);                 // (B, K, 2U)
        return nn.functional.elu(_score.call(sequence), alpha: 1.0, inplace: false).squeeze(-1);   // (B, K)
    }
}

using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// ArcNet's Full Context head: the paper's bidirectional LSTM over the support set (see <see cref="FullContextNetwork"/>)
/// reads, for each support, h_T of its pair with the query, then <see cref="SupportContextFeatures"/> numbers of support
/// context (<see cref="SupportContextOf"/>), then the pair's similarity logit; a Linear(256, 1) initialised to zero
/// adds a correction to that logit. It starts as the naive method and learns only what the support set as a whole
/// tells: a support that every other support resembles draws queries of other classes too, and the head can discount it.
/// </summary>
/// <remarks>State-dict keys: <c>lstm.*</c>, <c>h0</c>, <c>c0</c>, <c>score.*</c>.</remarks>
public sealed class ContextCorrectionNetwork : FullContextHead
{
    /// <summary>How many numbers per support the support context adds: see <see cref="SupportContextOf"/>.</summary>
    public const int SupportContextFeatures = 4;

    [ComponentName(Name = "lstm")] private readonly LSTM _lstm;
    [ComponentName(Name = "h0")] private readonly Parameter _h0;
    [ComponentName(Name = "c0")] private readonly Parameter _c0;
    [ComponentName(Name = "score")] private readonly Linear _score;

    /// <summary>A freshly initialised head for representations of <paramref name="representationSize"/> units: the comparator's hidden size.</summary>
    public ContextCorrectionNetwork(int representationSize) : base(nameof(ContextCorrectionNetwork), representationSize)
    {
        (_lstm, _h0, _c0) = SupportSetLstm.Create(representationSize + SupportContextFeatures + 1);
        _score = nn.Linear(2 * SupportSetLstm.Units, 1);
        using (no_grad())
        {
            _score.weight!.zero_();
            _score.bias!.zero_();
        }
        RegisterComponents();
        OwnTensors.DetachFromDisposeScope(this);
    }

    /// <summary>Logits (B, K) of B support sets of K: relations (B, K, H + 1) and support logits (B, K, K), as <see cref="FullContextHead"/> says.</summary>
    public override Tensor forward(Tensor relations, Tensor supportLogits)
    {
        CheckInputs(relations, supportLogits);
        var logit = relations[.., .., ^1..];                                                     // (B, K, 1)
        var features = cat(new[] { relations[.., .., ..^1], SupportContextOf(supportLogits), logit }, -1);   // (B, K, H + 4 + 1)
        var sequence = SupportSetLstm.Read(_lstm, _h0, _c0, features);                          // (B, K, 2U)
        return (logit + _score.call(sequence)).squeeze(-1);                                      // (B, K)
    }

    internal override FullContextHead Fresh() => new ContextCorrectionNetwork(RepresentationSize);

    /// <summary>
    /// The support context of support sets from the comparator's similarity logits among their own images,
    /// (..., K, K) with [j, k] the logit of the pair (support k, support j), to (..., K, 4): for each support k, the mean
    /// and the largest logit the other supports get against it, then the mean and the largest it gets against them.
    /// A set of one support has no others: its context is zero.
    /// </summary>
    public static Tensor SupportContextOf(Tensor supportLogits)
    {
        ArgumentNullException.ThrowIfNull(supportLogits);
        if (supportLogits.dim() < 2 || supportLogits.shape[^1] != supportLogits.shape[^2])
            throw new ArgumentException($"Expected square (..., K, K) logits among a support set's images, got [{string.Join(", ", supportLogits.shape)}].", nameof(supportLogits));
        using var scope = NewDisposeScope();
        long k = supportLogits.shape[^1];
        if (k < 2)
            return zeros([.. supportLogits.shape[..^1], SupportContextFeatures], supportLogits.dtype, supportLogits.device).MoveToOuterDisposeScope();
        var self = eye(k, dtype: ScalarType.Bool, device: supportLogits.device);
        var others = supportLogits.masked_fill(self, 0);
        var othersOrLowest = supportLogits.masked_fill(self, double.NegativeInfinity);
        return stack(new[]
        {
            others.sum(-2) / (k - 1), othersOrLowest.amax(new long[] { -2 }),    // what the others get against support k
            others.sum(-1) / (k - 1), othersOrLowest.amax(new long[] { -1 }),    // what support k gets against them
        }, -1).MoveToOuterDisposeScope();                                         // (..., K, 4)
    }
}

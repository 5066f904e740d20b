using ArcNet.Modules;

namespace ArcNet.OneShot;

/// <summary>Which head a <see cref="FullContextArc"/> runs.</summary>
public enum FullContextForm
{
    /// <summary>
    /// ArcNet's default, <see cref="ContextCorrectionNetwork"/>: it also reads how the comparator rates the support images
    /// against each other and corrects the naive method's logits, so it starts where the naive method is. On held-out
    /// alphabets the support context is where its gain comes from.
    /// </summary>
    ContextCorrection,

    /// <summary>
    /// The paper's form, <see cref="FullContextNetwork"/>: it scores each support from h_T alone, from scratch. Every head
    /// is given the same inputs, so the comparator's logits among the supports are computed for it too, unread: it costs
    /// what the default costs.
    /// </summary>
    Paper,
}

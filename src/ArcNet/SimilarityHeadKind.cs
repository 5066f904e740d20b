namespace ArcNet;

/// <summary>How the final hidden state h_T becomes a similarity logit.</summary>
public enum SimilarityHeadKind
{
    /// <summary>The paper's verification head: one linear unit on h_T (sigmoid gives the probability).</summary>
    Verification,

    /// <summary>The PyTorch port's head: Linear(H, 64), ELU, Linear(64, 1).</summary>
    Mlp,
}

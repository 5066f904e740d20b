namespace ArcNet;

/// <summary>What the recurrent controller attends over.</summary>
public enum ArcArchitecture
{
    /// <summary>Plain ARC: glimpses of the raw pixels.</summary>
    Plain,

    /// <summary>ConvARC: glimpses of the feature maps of a small pre-activation Wide ResNet shared by both images.</summary>
    Conv,

    /// <summary>
    /// ConvARC-lite: glimpses of the quarter-resolution maps of a four-block convolutional trunk (conv, batch norm,
    /// ReLU, max-pool), reduced to <see cref="ArcOptions.AttentionChannels"/> by a 1 x 1 convolution. The trunk's
    /// last blocks give an embedding whose distance the head can add as evidence (<see cref="ArcOptions.MetricEvidence"/>).
    /// </summary>
    LightConv,
}

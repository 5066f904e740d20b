namespace ArcNet;

/// <summary>What the recurrent controller attends over.</summary>
public enum ArcArchitecture
{
    /// <summary>Plain ARC: glimpses of the raw pixels.</summary>
    Plain,

    /// <summary>ConvARC: glimpses of the feature maps of a small pre-activation Wide ResNet shared by both images.</summary>
    Conv,
}

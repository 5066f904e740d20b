namespace ArcNet;

/// <summary>How the controller's hidden state becomes the glimpse parameters (y^, x^, d^).</summary>
public enum GlimpseParameterMapping
{
    /// <summary>The authors' form: a bias-free linear map W_g h, initialised N(0, 0.01²), no squashing.</summary>
    Linear,

    /// <summary>The PyTorch port's form: tanh(W h + b), which keeps the window centre inside the image.</summary>
    Tanh,
}

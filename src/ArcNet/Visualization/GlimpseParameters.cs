using ArcNet.Attention;

namespace ArcNet.Visualization;

/// <summary>The controller's raw output for one glimpse, before it is turned into a window (see <see cref="GlimpseWindow"/>).</summary>
/// <param name="Y">y^: vertical position, -1..1 spans the attended map from top to bottom.</param>
/// <param name="X">x^: horizontal position, -1..1 spans it from left to right.</param>
/// <param name="Zoom">d^: 0 spreads the sample points over the whole map, |d^| near 1 packs them into a sharp point.</param>
public readonly record struct GlimpseParameters(double Y, double X, double Zoom);

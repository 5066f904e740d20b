namespace ArcNet.Data;

/// <summary>An affine transform about the image centre; shifts are in pixels (positive: right, down).</summary>
internal readonly record struct ImageAffine(double ScaleX, double ScaleY, double RotationDegrees, double ShearDegrees, double ShiftX, double ShiftY)
{
    internal static ImageAffine Identity => new(1, 1, 0, 0, 0, 0);

    /// <summary>
    /// The 2 x 3 matrix <c>affine_grid</c> wants: it maps output coordinates to input ones, so it is the inverse
    /// of flip, then scale, shear, rotation and shift, in normalised coordinates (-1..1 across the image).
    /// </summary>
    internal float[] InverseMatrix(bool flipHorizontal, bool flipVertical, long width, long height)
    {
        double rotation = RotationDegrees * Math.PI / 180, shear = ShearDegrees * Math.PI / 180;
        double cos = Math.Cos(rotation), sin = Math.Sin(rotation), tan = Math.Tan(shear);
        double fx = flipHorizontal ? -1 : 1, fy = flipVertical ? -1 : 1;
        // Forward linear part M = R * Shear * Scale * Flip.
        double sa = ScaleX * fx, sd = ScaleY * fy;
        double a = cos * sa, b = (cos * tan - sin) * sd;
        double c = sin * sa, d = (sin * tan + cos) * sd;
        // With align_corners false, -1..1 spans the full width, so one pixel is 2 / width units.
        double tx = 2 * ShiftX / width, ty = 2 * ShiftY / height;
        double det = a * d - b * c;
        double ia = d / det, ib = -b / det, ic = -c / det, id = a / det;
        return [(float)ia, (float)ib, (float)(-(ia * tx + ib * ty)), (float)ic, (float)id, (float)(-(ic * tx + id * ty))];
    }
}

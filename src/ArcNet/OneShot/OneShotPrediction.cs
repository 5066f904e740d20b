namespace ArcNet.OneShot;

/// <summary>The answer for one query: the predicted label and a score per class (higher is more likely).</summary>
/// <typeparam name="TLabel">The label type of the support set.</typeparam>
/// <param name="Label">The class with the highest score.</param>
/// <param name="Scores">Each class's score, in the order of first appearance in the support labels.</param>
public sealed record OneShotPrediction<TLabel>(TLabel Label, IReadOnlyList<KeyValuePair<TLabel, double>> Scores) where TLabel : notnull;

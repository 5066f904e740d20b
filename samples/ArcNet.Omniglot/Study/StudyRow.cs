namespace ArcNet.Omniglot.Study;

/// <summary>One training run of the study and its held-out accuracy (both orders: null for models without a controller).</summary>
internal sealed record StudyRow(
    string Candidate, double Minutes, int Seed, int Threads, int Steps, double TrainSeconds,
    double Accuracy, double Interval, double? BothOrdersAccuracy, double? BothOrdersInterval,
    string LoadBefore, string LoadAfter, DateTime FinishedUtc);

namespace AutoDiff.Samples.NeuralNet
{
    /// <summary>The sample's data, network and training settings, shared by the program and its tests.</summary>
    public static class Example
    {
        public const int Hidden = 32;
        public const int BatchSize = 32;
        public const int Epochs = 200;
        public const double LearningRate = 0.01;
        public const int ShuffleSeed = 7;

        /// <summary>Three arms of 100 points each.</summary>
        public static Spirals Data() => Spirals.Generate(classes: 3, pointsPerClass: 100, noise: 0.2, seed: 2026);

        public static Network InitialNetwork() => Network.Random(inputs: 2, Hidden, classes: 3, seed: 1);
    }
}

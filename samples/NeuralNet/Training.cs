using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace AutoDiff.Samples.NeuralNet
{
    /// <summary>A gradient of the mean batch loss: adds ∂loss/∂weight into <c>gradient</c>, returns the loss.</summary>
    public delegate double BatchGradient(Network net, Network gradient, double[][] inputs, int[] labels, int[] order, int start, int count);

    /// <summary>The mean training loss of every epoch and how long each epoch took.</summary>
    public sealed record TrainingRun(IReadOnlyList<double> EpochLosses, IReadOnlyList<double> EpochMilliseconds)
    {
        /// <summary>The median epoch: the first ones include JIT compilation, and other work on the machine slows some.</summary>
        public double MedianEpochMilliseconds => EpochMilliseconds.OrderBy(t => t).ElementAt(EpochMilliseconds.Count / 2);
    }

    /// <summary>Mini-batch training with Adam, and what the network predicts.</summary>
    public static class Training
    {
        /// <summary>The woven gradient, in the shape every trainer here takes.</summary>
        public static double Woven(Network net, Network gradient, double[][] inputs, int[] labels, int[] order, int start, int count) =>
            Loss.BatchGradient(net, gradient, inputs, labels, order, start, count, 1.0);

        /// <summary>
        /// Trains <paramref name="net"/> in place: every epoch visits the samples once, in an order
        /// shuffled from <paramref name="seed"/>, in batches of <paramref name="batchSize"/>.
        /// </summary>
        public static TrainingRun Train(Network net, Spirals data, BatchGradient gradientOf, int epochs, int batchSize, double learningRate, int seed)
        {
            var random = new Random(seed);
            var order = Enumerable.Range(0, data.Count).ToArray();
            var gradient = net.ZerosLike();
            var adam = new Adam(net, learningRate);
            var losses = new List<double>();
            var times = new List<double>();
            var clock = new Stopwatch();
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                clock.Restart();
                random.Shuffle(order);
                double sum = 0;
                int batches = 0;
                for (int start = 0; start < order.Length; start += batchSize, batches++)
                {
                    gradient.Clear();   // gradients are added into it
                    sum += gradientOf(net, gradient, data.Points, data.Labels, order, start, Math.Min(batchSize, order.Length - start));
                    adam.Step(net, gradient);
                }
                times.Add(clock.Elapsed.TotalMilliseconds);
                losses.Add(sum / batches);
            }
            return new TrainingRun(losses, times);
        }

        public static int Predict(Network net, double[] input)
        {
            var hidden1 = new double[net.Hidden];
            var hidden2 = new double[net.Hidden];
            var scores = new double[net.Classes];
            Layers.Forward(net, input, hidden1, hidden2, scores);
            int best = 0;
            for (int c = 1; c < scores.Length; c++)
                if (scores[c] > scores[best]) best = c;
            return best;
        }

        public static double Accuracy(Network net, Spirals data) =>
            Enumerable.Range(0, data.Count).Count(n => Predict(net, data.Points[n]) == data.Labels[n]) / (double)data.Count;

        /// <summary>The mean cross-entropy over the whole set.</summary>
        public static double MeanLoss(Network net, Spirals data) =>
            Loss.Batch(net, data.Points, data.Labels, Enumerable.Range(0, data.Count).ToArray(), 0, data.Count);
    }
}

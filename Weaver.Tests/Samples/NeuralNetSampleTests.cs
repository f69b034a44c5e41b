using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Samples.NeuralNet;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Samples
{
    /// <summary>
    /// samples/NeuralNet: the woven gradient of a mini-batch's cross-entropy with respect to every
    /// one of the network's 1,251 weights, against central differences and against the sample's
    /// hand-written backward pass, and a few epochs of the sample's Adam training.
    /// </summary>
    public sealed class NeuralNetSampleTests
    {
        [Test]
        public void WovenGradientMatchesCentralDifferencesAndTheHandWrittenOneAtTheStart()
        {
            var data = Example.Data();
            var net = Example.InitialNetwork();
            // A batch of 32 scattered over the three arms.
            var order = Enumerable.Range(0, data.Count).Select(n => n * 37 % data.Count).ToArray();
            const int count = 32;
            var woven = net.ZerosLike();
            double loss = Training.Woven(net, woven, data.Points, data.Labels, order, 0, count);
            Assert.That(loss, Is.EqualTo(Loss.Batch(net, data.Points, data.Labels, order, 0, count)), "the derivative's primal is the loss");

            var manual = net.ZerosLike();
            new ManualGradient(net).Batch(net, manual, data.Points, data.Labels, order, 0, count);
            Assert.That(woven.MaxDifference(manual), Is.LessThan(1e-12), "the hand-written backward pass");

            var weights = Weights(net).ToList();
            var gradients = Weights(woven).ToList();
            Assert.That(weights, Has.Count.EqualTo(net.ParameterCount));
            for (int k = 0; k < weights.Count; k++)
            {
                var (array, index) = weights[k];
                double at = Get(array, index);
                double expected = FiniteDifferences.Derivative(w =>
                {
                    Set(array, index, w);
                    double value = Loss.Batch(net, data.Points, data.Labels, order, 0, count);
                    Set(array, index, at);
                    return value;
                }, at);
                var (gradientArray, _) = gradients[k];
                Assert.That(Get(gradientArray, index), Is.EqualTo(expected).Within(1e-7 * Math.Max(1, Math.Abs(expected))), $"weight {k}");
            }
            Assert.That(gradients.Count(g => Get(g.Array, g.Index) != 0), Is.GreaterThan(net.ParameterCount * 9 / 10), "almost every weight has a gradient");
        }

        [Test]
        public void ThirtyEpochsOfAdamCutTheLossFourfold()
        {
            var data = Example.Data();
            var net = Example.InitialNetwork();
            double before = Training.MeanLoss(net, data);
            var run = Training.Train(net, data, Training.Woven, epochs: 30, Example.BatchSize, Example.LearningRate, Example.ShuffleSeed);
            double after = Training.MeanLoss(net, data);
            Assert.That(after, Is.LessThan(before / 4), $"{before:F3} → {after:F3}");
            Assert.That(Training.Accuracy(net, data), Is.GreaterThan(0.8), "from 38 % (chance: 33 %)");

            var chart = SampleCharts.TempPath("neural-net.png");
            TrainingChart.Write(net, data, run, chart, resolution: 60);
            SampleCharts.AssertPng(chart);
            TestContext.Out.WriteLine($"{before:F4} → {after:F4}, accuracy {Training.Accuracy(net, data):P1}, {run.MedianEpochMilliseconds:F2} ms per epoch");
        }

        /// <summary>Every weight of the network, as an array and a flat index (row-major in a matrix).</summary>
        private static IEnumerable<(Array Array, int Index)> Weights(Network net) =>
            new Array[] { net.W1, net.B1, net.W2, net.B2, net.W3, net.B3 }.SelectMany(a => Enumerable.Range(0, a.Length).Select(k => (a, k)));

        private static double Get(Array a, int k) => a is double[,] m ? m[k / m.GetLength(1), k % m.GetLength(1)] : ((double[])a)[k];

        private static void Set(Array a, int k, double value)
        {
            if (a is double[,] m) m[k / m.GetLength(1), k % m.GetLength(1)] = value;
            else ((double[])a)[k] = value;
        }
    }
}

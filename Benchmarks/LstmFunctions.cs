using System;
using AutoDiff;
using static AutoDiff.Activity;

namespace AutoDiff.Benchmarks
{
    /// <summary>
    /// ADBench's LSTM objective (github.com/microsoft/ADBench, MIT), the same code as the test
    /// fixture that matches ADBench's reference gradient: a real workload for gradient ÷ primal.
    /// </summary>
    public static partial class LstmFunctions
    {
        [AutoDiffReverse("ObjectiveGrad", Const, Const, Const, Duplicated, Duplicated, Duplicated, Const, Active)]
        public static double Objective(int l, int c, int b, double[] main, double[] extra, double[] state, double[] sequence)
        {
            double total = 0;
            int count = 0;
            var x = new double[b];
            var input = new double[b];
            var ypred = new double[b];
            for (int i = 0; i < b; i++) input[i] = sequence[i];
            for (int t = 0; t < c - 1; t++)
            {
                for (int i = 0; i < b; i++) x[i] = input[i] * extra[i];
                for (int layer = 0; layer < l; layer++)
                {
                    int w = 8 * b * layer, bias = w + 4 * b, hidden = 2 * b * layer, cell = hidden + b;
                    for (int i = 0; i < b; i++)
                    {
                        double forget = 1 / (1 + Math.Exp(-(x[i] * main[w + i] + main[bias + i])));
                        double ingate = 1 / (1 + Math.Exp(-(state[hidden + i] * main[w + b + i] + main[bias + b + i])));
                        double outgate = 1 / (1 + Math.Exp(-(x[i] * main[w + 2 * b + i] + main[bias + 2 * b + i])));
                        double change = Math.Tanh(state[hidden + i] * main[w + 3 * b + i] + main[bias + 3 * b + i]);
                        state[cell + i] = state[cell + i] * forget + ingate * change;
                        state[hidden + i] = outgate * Math.Tanh(state[cell + i]);
                    }
                    for (int i = 0; i < b; i++) x[i] = state[hidden + i];
                }
                double sum = 0;
                for (int i = 0; i < b; i++)
                {
                    ypred[i] = x[i] * extra[b + i] + extra[2 * b + i];
                    sum += Math.Exp(ypred[i]);
                }
                double lse = Math.Log(sum + 2);
                for (int i = 0; i < b; i++)
                {
                    double gold = sequence[(t + 1) * b + i];
                    total += gold * (ypred[i] - lse);
                    input[i] = gold;
                }
                count += b;
            }
            return -total / count;
        }
    }
}

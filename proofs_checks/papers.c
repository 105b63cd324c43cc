/* papers.c -- the five papers whose statements the checks test, as a user
 * cites them (the references of the project's THEOREMS.md), with the short
 * title and the text's file id every record prints. */
#include "proofs_checks/checks.h"

const bc_paper bc_paper_multirate = {
    "T. Vlaar, B. Leimkuhler", "Multirate Training of Neural Networks",
    "ICML 2022, PMLR 162 (with the corrigendum to Theorem B.4)", "2106.10771",
    "the arXiv version with the corrigendum",
    "Multirate Training of Neural Networks (corrigendum)", "000_dbc7a02725514947.txt"};
const bc_paper bc_paper_clars = {
    "Z. Huo, B. Gu, H. Huang", "Large Batch Training Does Not Need Warmup", "preprint, 2020",
    "2002.01576", "the arXiv version", "Large Batch Training Does Not Need Warmup",
    "001_f14fbdd19d570a70.txt"};
const bc_paper bc_paper_sgr = {
    "Y. Yang, X. Li, M. Alfarra, H. Hammoud, A. Bibi, P. Torr, B. Ghanem",
    "Towards Interpretable Deep Local Learning with Successive Gradient Reconciliation",
    "ICML 2024", "2406.05222", "the arXiv version",
    "Deep Local Learning with Successive Gradient Reconciliation", "002_6d2ed282144aa1ef.txt"};
const bc_paper bc_paper_masked = {
    "F. Liao, A. Kyrillidis",
    "On the Convergence of Shallow Neural Network Training with Randomly Masked Neurons",
    "TMLR 2022", "2112.02668", "the ICLR 2022 submission",
    "Shallow Network Training with Randomly Masked Neurons", "003_03528a5310bdab24.txt"};
const bc_paper bc_paper_dcasgd = {
    "S. Zheng, Q. Meng, T. Wang, W. Chen, N. Yu, Z.-M. Ma, T.-Y. Liu",
    "Asynchronous Stochastic Gradient Descent with Delay Compensation", "ICML 2017",
    "1609.08326", "the supplementary material",
    "Asynchronous SGD with Delay Compensation (supplement)", "004_dadf40bd1c0f8564.txt"};

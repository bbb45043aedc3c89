from django.http import HttpResponse


def unit_tree(request):
    return HttpResponse("units")


def unit_detail(request, pk):
    return HttpResponse("unit")

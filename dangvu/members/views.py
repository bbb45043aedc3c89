from django.http import HttpResponse


def member_list(request):
    return HttpResponse("members")


def member_detail(request, pk):
    return HttpResponse("member")
